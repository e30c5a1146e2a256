using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NfvMano.Api.Sol013;

/// <summary>
/// A parsed SOL013 attribute-based filter (clause 5.2): simple expressions joined by <c>;</c>, all of which
/// must match (logical "and"). Evaluated against the JSON form of a resource as the API serialises it, so it
/// works for any DTO.
/// </summary>
/// <remarks>
/// Grammar: <c>filter := expr (';' expr)*</c>, <c>expr := '(' op ',' attr ('/' attr)* (',' value)+ ')'</c>.
/// A value containing <c>,</c>, <c>)</c> or <c>'</c> is enclosed in single quotes, a quote inside doubled
/// (<c>'it''s'</c>). Operators <c>eq neq gt lt gte lte</c> take one value; <c>in nin cont ncont</c> a list.
/// Semantics: when the path crosses an array, the attribute matches if any element matches; <c>neq</c>,
/// <c>nin</c> and <c>ncont</c> are the negation of <c>eq</c>, <c>in</c> and <c>cont</c> (so an array matches
/// <c>neq</c> when no element equals the value, and an absent attribute matches only negated operators).
/// Numbers compare numerically, strings ordinally (ISO 8601 date-times as instants), booleans only by equality.
/// </remarks>
public sealed class AttributeFilter
{
    private AttributeFilter(IReadOnlyList<FilterCondition> conditions) => Conditions = conditions;

    /// <summary>The simple expressions; a resource matches when all of them match.</summary>
    public IReadOnlyList<FilterCondition> Conditions { get; }

    /// <summary>Builds a filter from conditions (for code that composes filters rather than parsing them).</summary>
    /// <param name="conditions">At least one condition.</param>
    public static AttributeFilter Of(params IReadOnlyList<FilterCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.Count == 0)
        {
            throw new ArgumentException("A filter has at least one condition.", nameof(conditions));
        }

        return new AttributeFilter(conditions.ToArray());
    }

    /// <summary>Parses the (URL-decoded) value of a <c>filter</c> query parameter.</summary>
    /// <param name="text">The filter text, e.g. <c>(eq,onboardingState,ONBOARDED);(in,softwareImages/id,a,b)</c>.</param>
    /// <returns>The parsed filter.</returns>
    /// <exception cref="FilterSyntaxException">The text does not follow the grammar; says where and what was expected.</exception>
    public static AttributeFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new AttributeFilter(new Parser(text).ParseAll());
    }

    /// <summary>
    /// Checks every attribute path and value against the resource's schema, reporting all problems at once:
    /// unknown attributes, filters on structured attributes, non-numeric values for numbers, ordering or
    /// substring operators on booleans, substring operators on non-strings.
    /// </summary>
    /// <param name="schema">The schema of the resource the filter applies to.</param>
    /// <exception cref="ValidationFailedProblem">At least one condition does not fit the schema (400).</exception>
    public void Validate(ResourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<ProblemItem>();
        for (var i = 0; i < Conditions.Count; i++)
        {
            var condition = Conditions[i];
            var location = $"filter {condition}";
            var resolved = schema.Resolve(condition.Path);
            if (resolved.Error is not null)
            {
                problems.Add(new ProblemItem(location, resolved.Error));
                continue;
            }

            var node = resolved.Node!;
            switch (node.Kind)
            {
                case SchemaKind.Object or SchemaKind.Map:
                    problems.Add(new ProblemItem(location,
                        $"attribute '{condition.PathText}' of {schema.Name} is structured; filter on one of its attributes"));
                    break;
                case SchemaKind.Number:
                    foreach (var value in condition.Values.Where(v => !TryParseNumber(v, out _)))
                    {
                        problems.Add(new ProblemItem(location,
                            $"attribute '{condition.PathText}' is a number but '{value}' is not a number"));
                    }

                    if (condition.Operator is FilterOperator.Cont or FilterOperator.Ncont)
                    {
                        problems.Add(new ProblemItem(location,
                            $"operator '{condition.Operator.ToName()}' applies to strings, but '{condition.PathText}' is a number"));
                    }

                    break;
                case SchemaKind.Boolean:
                    foreach (var value in condition.Values.Where(v => v is not ("true" or "false")))
                    {
                        problems.Add(new ProblemItem(location,
                            $"attribute '{condition.PathText}' is a boolean but '{value}' is neither 'true' nor 'false'"));
                    }

                    if (condition.Operator.IsOrdering() || condition.Operator is FilterOperator.Cont or FilterOperator.Ncont)
                    {
                        problems.Add(new ProblemItem(location,
                            $"operator '{condition.Operator.ToName()}' does not apply to the boolean attribute '{condition.PathText}'; use eq, neq, in or nin"));
                    }

                    break;
                case SchemaKind.DateTime:
                    foreach (var value in condition.Values.Where(v => condition.Operator is not (FilterOperator.Cont or FilterOperator.Ncont) && !TryParseDateTime(v, out _)))
                    {
                        problems.Add(new ProblemItem(location,
                            $"attribute '{condition.PathText}' is a date-time but '{value}' is not an ISO 8601 date-time such as 2024-05-01T12:00:00Z"));
                    }

                    break;
                default:
                    break;
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationFailedProblem(problems);
        }
    }

    /// <summary>Whether the resource (its JSON form) matches every condition.</summary>
    /// <param name="resource">The resource as serialised by the API.</param>
    public bool Matches(JsonNode? resource)
    {
        foreach (var condition in Conditions)
        {
            if (!Matches(condition, resource))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the resource (as a <see cref="JsonElement"/>) matches every condition.</summary>
    /// <param name="resource">The resource as serialised by the API.</param>
    public bool Matches(JsonElement resource) => Matches(JsonNode.Parse(resource.GetRawText()));

    /// <summary>The filter in SOL013 syntax; <see cref="Parse"/> of this text gives an equal filter.</summary>
    public override string ToString() => string.Join(';', Conditions.Select(c => c.ToString()));

    /// <summary>Quotes a value when it could not be read back unquoted (empty, or containing <c>,()';</c>).</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The value as it is written in a filter.</returns>
    public static string QuoteIfNeeded(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 || value.AsSpan().IndexOfAny(",()';") >= 0
            ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
            : value;
    }

    private static bool Matches(FilterCondition condition, JsonNode? resource)
    {
        var positive = condition.Operator switch
        {
            FilterOperator.Neq => FilterOperator.Eq,
            FilterOperator.Nin => FilterOperator.In,
            FilterOperator.Ncont => FilterOperator.Cont,
            var op => op,
        };

        var any = false;
        foreach (var leaf in Leaves(resource, condition.Path, 0))
        {
            if (LeafMatches(positive, leaf, condition.Values))
            {
                any = true;
                break;
            }
        }

        return condition.Operator.IsNegated() ? !any : any;
    }

    private static IEnumerable<JsonValue> Leaves(JsonNode? node, IReadOnlyList<string> path, int index)
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonArray array:
                // Arrays are transparent in a path: each element is looked at with the same remaining path.
                foreach (var element in array)
                {
                    foreach (var leaf in Leaves(element, path, index))
                    {
                        yield return leaf;
                    }
                }

                yield break;
            case JsonValue value when index == path.Count:
                if (value.GetValueKind() is not JsonValueKind.Null)
                {
                    yield return value;
                }

                yield break;
            case JsonObject obj when index < path.Count:
                if (obj.TryGetPropertyValue(path[index], out var child))
                {
                    foreach (var leaf in Leaves(child, path, index + 1))
                    {
                        yield return leaf;
                    }
                }

                yield break;
            default:
                yield break;
        }
    }

    private static bool LeafMatches(FilterOperator op, JsonValue leaf, IReadOnlyList<string> values)
    {
        switch (leaf.GetValueKind())
        {
            case JsonValueKind.String:
                var text = leaf.GetValue<string>();
                return op switch
                {
                    FilterOperator.Eq or FilterOperator.In => values.Any(v => CompareStrings(text, v) == 0),
                    FilterOperator.Cont => values.Any(v => text.Contains(v, StringComparison.Ordinal)),
                    _ => Ordered(op, CompareStrings(text, values[0])),
                };
            case JsonValueKind.Number:
                if (!TryParseNumber(leaf.ToJsonString(), out var number))
                {
                    return false;
                }

                return op switch
                {
                    FilterOperator.Eq or FilterOperator.In => values.Any(v => TryParseNumber(v, out var n) && n == number),
                    FilterOperator.Cont => false,
                    _ => TryParseNumber(values[0], out var bound) && Ordered(op, number.CompareTo(bound)),
                };
            case JsonValueKind.True or JsonValueKind.False:
                var flag = leaf.GetValueKind() is JsonValueKind.True ? "true" : "false";
                return op is FilterOperator.Eq or FilterOperator.In && values.Contains(flag, StringComparer.Ordinal);
            default:
                return false;
        }
    }

    private static bool Ordered(FilterOperator op, int comparison) => op switch
    {
        FilterOperator.Gt => comparison > 0,
        FilterOperator.Gte => comparison >= 0,
        FilterOperator.Lt => comparison < 0,
        FilterOperator.Lte => comparison <= 0,
        _ => false,
    };

    /// <summary>Compares two strings as instants when both are ISO 8601 date-times, otherwise ordinally.</summary>
    private static int CompareStrings(string attribute, string value) =>
        TryParseDateTime(attribute, out var a) && TryParseDateTime(value, out var b)
            ? a.CompareTo(b)
            : Math.Sign(string.CompareOrdinal(attribute, value));

    private static bool TryParseNumber(string text, out decimal number)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return true;
        }

        // Beyond decimal's range (e.g. 1e40) still compares by magnitude; precision loss there is irrelevant.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            number = d > 0 ? decimal.MaxValue : decimal.MinValue;
            return true;
        }

        return false;
    }

    internal static bool TryParseDateTime(string text, out DateTimeOffset instant)
    {
        // Only full ISO 8601 date-times (date 'T' time): a plain number or word must never be taken for a date.
        if (text.Length >= 19 && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == 't') && text[13] == ':')
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
        }

        instant = default;
        return false;
    }

    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _pos;

        public List<FilterCondition> ParseAll()
        {
            if (_text.Length == 0)
            {
                throw new FilterSyntaxException(1, "the filter is empty; expected '(' starting an expression such as (eq,attribute,value)");
            }

            var conditions = new List<FilterCondition>();
            while (true)
            {
                conditions.Add(ParseExpression());
                if (_pos == _text.Length)
                {
                    return conditions;
                }

                if (_text[_pos] != ';')
                {
                    throw Error($"expected ';' between expressions or the end of the filter, found {Found()}");
                }

                _pos++;
            }
        }

        private FilterCondition ParseExpression()
        {
            Expect('(', "expected '(' starting an expression such as (eq,attribute,value)");

            var opStart = _pos;
            while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos]))
            {
                _pos++;
            }

            var opText = _text.AsSpan(opStart, _pos - opStart);
            if (opText.IsEmpty)
            {
                throw Error($"expected an operator ({string.Join(", ", FilterOperators.All)}), found {Found()}");
            }

            if (!FilterOperators.TryParse(opText, out var op))
            {
                throw new FilterSyntaxException(opStart + 1,
                    $"unknown operator '{opText}'; expected one of {string.Join(", ", FilterOperators.All)}");
            }

            Expect(',', $"expected ',' after the operator '{op.ToName()}', found {Found()}");

            var path = new List<string>();
            while (true)
            {
                var segStart = _pos;
                while (_pos < _text.Length && _text[_pos] is not (',' or '/' or ')' or '(' or ';' or '\''))
                {
                    _pos++;
                }

                if (_pos == segStart)
                {
                    throw Error(path.Count == 0
                        ? $"expected an attribute name, found {Found()}"
                        : $"expected an attribute name after '/', found {Found()}");
                }

                path.Add(_text[segStart.._pos]);
                if (_pos < _text.Length && _text[_pos] == '/')
                {
                    _pos++;
                    continue;
                }

                break;
            }

            Expect(',', $"expected ',' and a value after the attribute '{string.Join('/', path)}', found {Found()}");

            var values = new List<string>();
            var valuesStart = _pos;
            while (true)
            {
                values.Add(ParseValue());
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_pos < _text.Length && _text[_pos] == ')')
                {
                    _pos++;
                    break;
                }

                throw Error($"expected ',' and another value or ')' closing the expression, found {Found()}");
            }

            if (!op.TakesList() && values.Count != 1)
            {
                throw new FilterSyntaxException(valuesStart + 1,
                    $"operator '{op.ToName()}' takes exactly one value but {values.Count} were given; use 'in' or 'nin' for a list of values");
            }

            return new FilterCondition(op, path, values);
        }

        private string ParseValue()
        {
            if (_pos < _text.Length && _text[_pos] == '\'')
            {
                var quoteStart = _pos;
                _pos++;
                var value = new StringBuilder();
                while (true)
                {
                    if (_pos == _text.Length)
                    {
                        throw new FilterSyntaxException(quoteStart + 1,
                            "the quoted value starting here is not closed; expected a closing ' (write a quote inside a quoted value as '')");
                    }

                    var c = _text[_pos];
                    if (c == '\'')
                    {
                        if (_pos + 1 < _text.Length && _text[_pos + 1] == '\'')
                        {
                            value.Append('\'');
                            _pos += 2;
                            continue;
                        }

                        _pos++;
                        if (_pos < _text.Length && _text[_pos] is not (',' or ')'))
                        {
                            throw Error($"expected ',' or ')' after the quoted value, found {Found()}");
                        }

                        return value.ToString();
                    }

                    value.Append(c);
                    _pos++;
                }
            }

            var start = _pos;
            while (_pos < _text.Length && _text[_pos] is not (',' or ')' or '\''))
            {
                _pos++;
            }

            if (_pos < _text.Length && _text[_pos] == '\'')
            {
                throw Error("unexpected ' inside an unquoted value; enclose the whole value in single quotes and double the quote ('it''s')");
            }

            if (_pos == start)
            {
                throw Error($"expected a value, found {Found()} (write an empty string as '')");
            }

            return _text[start.._pos];
        }

        private void Expect(char c, string message)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return;
            }

            throw Error(message);
        }

        private readonly string Found() =>
            _pos < _text.Length ? $"'{_text[_pos]}'" : "the end of the filter";

        private readonly FilterSyntaxException Error(string message) => new(_pos + 1, message);
    }
}
