using System.Globalization;
using System.Text.RegularExpressions;
using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Tosca;

/// <summary>Checks property values against TOSCA types, data types and constraints, and applies defaults.</summary>
internal sealed class ValueValidator(TypeRegistry registry, ProblemList problems)
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "get_input", "get_property", "get_attribute", "get_operation_output", "concat", "join", "token", "get_artifact", "get_nodes_of_type",
    };

    public static bool IsFunction(YNode? node) => node is YMapping { Count: 1 } m && Functions.Contains(m.Entries[0].Key.Value);

    /// <summary>Validates a properties block against definitions; returns the effective values with defaults applied.</summary>
    public Dictionary<string, YNode?> ValidateProperties(YNode? block, IReadOnlyDictionary<string, PropertyDefinition> definitions, YamlLocation at, string owner)
    {
        var result = new Dictionary<string, YNode?>(StringComparer.Ordinal);
        var map = block as YMapping;
        if (block is not null and not YMapping && !(block is YScalar s && s.IsNull))
        {
            problems.Add("tosca.schema", at, "properties must be a mapping");
        }

        if (map is not null)
        {
            foreach (var (key, value) in map.Entries)
            {
                var propAt = at.Child(key.Value, key);
                if (!definitions.TryGetValue(key.Value, out var def))
                {
                    problems.Add("tosca.unknown-property", propAt, $"'{key.Value}' is not a property of {owner}");
                    continue;
                }

                Validate(value, def.Type, def.EntrySchema, def.Constraints, propAt);
                result[key.Value] = value;
            }
        }

        foreach (var def in definitions.Values)
        {
            if (result.ContainsKey(def.Name))
            {
                continue;
            }

            if (def.Default is not null)
            {
                result[def.Name] = def.Default;
            }
            else if (def.Required)
            {
                problems.Add("tosca.missing-property", at with { Line = map?.Line ?? at.Line, Column = map?.Column ?? at.Column }, $"{def.Name} is required");
            }
        }

        return result;
    }

    public void Validate(YNode? value, string type, SchemaDefinition? entrySchema, IReadOnlyList<Constraint> constraints, YamlLocation at)
    {
        if (value is null || IsFunction(value))
        {
            return;
        }

        at = at with { Line = value.Line, Column = value.Column };
        if (value is YScalar { IsNull: true } && type != "string")
        {
            problems.Add("tosca.type-mismatch", at, $"a value of type {type} is required, not null");
            return;
        }

        switch (type)
        {
            case "" or "any":
                return;
            case "string":
                if (value is not YScalar)
                {
                    problems.Add("tosca.type-mismatch", at, "a string is required");
                    return;
                }

                break;
            case "integer":
                if (value is not YScalar i || !i.IsPlain || !i.TryGetInt64(out _))
                {
                    problems.Add("tosca.type-mismatch", at, $"'{Show(value)}' is not an integer");
                    return;
                }

                break;
            case "float":
                if (value is not YScalar f || !f.IsPlain || !f.TryGetDouble(out _))
                {
                    problems.Add("tosca.type-mismatch", at, $"'{Show(value)}' is not a number");
                    return;
                }

                break;
            case "boolean":
                if (value is not YScalar b || !b.IsPlain || !b.TryGetBoolean(out _))
                {
                    problems.Add("tosca.type-mismatch", at, $"'{Show(value)}' is not a boolean (true or false)");
                    return;
                }

                break;
            case "timestamp" or "version":
                if (value is not YScalar)
                {
                    problems.Add("tosca.type-mismatch", at, $"a {type} is required");
                    return;
                }

                break;
            case "scalar-unit.size" or "scalar-unit.time" or "scalar-unit.frequency" or "scalar-unit.bitrate":
                if (value is not YScalar su || !ScalarUnits.TryParse(type, su.Value, out _))
                {
                    problems.Add("tosca.type-mismatch", at, $"'{Show(value)}' is not a valid {type} (a number followed by a unit)");
                    return;
                }

                break;
            case "range":
                if (!TryRange(value, out var lower, out var upper))
                {
                    problems.Add("tosca.type-mismatch", at, $"'{Show(value)}' is not a range [lower, upper]");
                    return;
                }

                if (lower > upper)
                {
                    problems.Add("tosca.constraint", at, $"range lower bound {lower} is above upper bound {upper}");
                }

                break;
            case "list":
                if (value is not YSequence seq)
                {
                    problems.Add("tosca.type-mismatch", at, "a list is required");
                    return;
                }

                for (var n = 0; n < seq.Items.Count; n++)
                {
                    if (entrySchema is not null)
                    {
                        Validate(seq.Items[n], entrySchema.Type, entrySchema.EntrySchema, entrySchema.Constraints, at.Index(n, seq.Items[n]));
                    }
                }

                break;
            case "map":
                if (value is not YMapping entries)
                {
                    problems.Add("tosca.type-mismatch", at, "a map is required");
                    return;
                }

                foreach (var (k, v) in entries.Entries)
                {
                    if (entrySchema is not null)
                    {
                        Validate(v, entrySchema.Type, entrySchema.EntrySchema, entrySchema.Constraints, at.Child(k.Value, v));
                    }
                }

                break;
            default:
                ValidateDataType(value, type, at);
                break;
        }

        foreach (var constraint in constraints)
        {
            CheckConstraint(value, type, constraint, at);
        }
    }

    private void ValidateDataType(YNode value, string typeName, YamlLocation at)
    {
        var dataType = registry.Find(typeName);
        if (dataType is null || dataType.Kind != ToscaTypeKind.Data)
        {
            problems.Add("tosca.unknown-type", at, $"unknown data type '{typeName}'");
            return;
        }

        // A data type derived from a primitive validates as that primitive.
        var primitive = dataType.Lineage().Select(t => t.DerivedFrom).FirstOrDefault(d => d is not null && TypeRegistry.PrimitiveTypes.Contains(d));
        if (primitive is not null)
        {
            Validate(value, primitive, null, [], at);
            return;
        }

        if (value is not YMapping)
        {
            problems.Add("tosca.type-mismatch", at, $"a {typeName} (mapping) is required");
            return;
        }

        var effective = ValidateProperties(value, dataType.AllProperties, at, typeName);
        var map = (YMapping)value;
        foreach (var (key, defaultValue) in effective)
        {
            // Defaults of nested data types become part of the value so that readers see them.
            if (defaultValue is not null && !map.ContainsKey(key))
            {
                map.AddDefault(key, defaultValue);
            }
        }
    }

    private void CheckConstraint(YNode value, string type, Constraint c, YamlLocation at)
    {
        if (value is not YScalar scalar)
        {
            if (type == "range" && c.Operator == "in_range" && TryRange(value, out var lo, out var hi) && c.Argument is YSequence { Items.Count: 2 } bounds
                && bounds.Items[0] is YScalar b0 && bounds.Items[1] is YScalar b1 && b0.TryGetInt64(out var min) && b1.TryGetInt64(out var max)
                && (lo < min || hi > max))
            {
                problems.Add("tosca.constraint", at, $"range [{lo}, {hi}] is outside [{min}, {max}]");
            }

            if (c.Operator is "min_length" or "max_length" or "length")
            {
                var count = value is YSequence s ? s.Items.Count : ((YMapping)value).Count;
                CheckLength(count, c, at);
            }

            return;
        }

        switch (c.Operator)
        {
            case "valid_values":
                if (c.Argument is YSequence allowed && !allowed.Items.OfType<YScalar>().Any(a => Same(a, scalar, type)))
                {
                    problems.Add("tosca.constraint", at, $"'{scalar.Value}' is not one of [{string.Join(", ", allowed.Items.OfType<YScalar>().Select(a => a.Value))}]");
                }

                break;
            case "equal":
                if (c.Argument is YScalar eq && !Same(eq, scalar, type))
                {
                    problems.Add("tosca.constraint", at, $"'{scalar.Value}' must equal '{eq.Value}'");
                }

                break;
            case "greater_than" or "greater_or_equal" or "less_than" or "less_or_equal":
                if (c.Argument is YScalar limit && Number(scalar, type) is { } v && Number(limit, type) is { } l)
                {
                    var ok = c.Operator switch
                    {
                        "greater_than" => v > l,
                        "greater_or_equal" => v >= l,
                        "less_than" => v < l,
                        _ => v <= l,
                    };
                    if (!ok)
                    {
                        problems.Add("tosca.constraint", at, $"{scalar.Value} must be {c.Operator.Replace('_', ' ')} {limit.Value}");
                    }
                }

                break;
            case "in_range":
                if (c.Argument is YSequence { Items.Count: 2 } range && range.Items[0] is YScalar r0 && range.Items[1] is YScalar r1
                    && Number(scalar, type) is { } x && Number(r0, type) is { } a0)
                {
                    var upper = r1.Value == "UNBOUNDED" ? double.PositiveInfinity : Number(r1, type) ?? double.PositiveInfinity;
                    if (x < a0 || x > upper)
                    {
                        problems.Add("tosca.constraint", at, $"{scalar.Value} is outside [{r0.Value}, {r1.Value}]");
                    }
                }

                break;
            case "pattern":
                if (c.Argument is YScalar pattern && !MatchesPattern(scalar.Value, pattern.Value))
                {
                    problems.Add("tosca.constraint", at, $"'{scalar.Value}' does not match pattern {pattern.Value}");
                }

                break;
            case "min_length" or "max_length" or "length":
                CheckLength(scalar.Value.Length, c, at);
                break;
        }
    }

    private void CheckLength(int length, Constraint c, YamlLocation at)
    {
        if (c.Argument is not YScalar arg || !arg.TryGetInt64(out var n))
        {
            return;
        }

        var ok = c.Operator switch
        {
            "min_length" => length >= n,
            "max_length" => length <= n,
            _ => length == n,
        };
        if (!ok)
        {
            problems.Add("tosca.constraint", at, $"length {length} violates {c.Operator} {n}");
        }
    }

    private static bool MatchesPattern(string value, string pattern)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool Same(YScalar a, YScalar b, string type) =>
        a.Value == b.Value || (Number(a, type) is { } x && Number(b, type) is { } y && x.Equals(y));

    private static double? Number(YScalar s, string type)
    {
        if (type.StartsWith("scalar-unit.", StringComparison.Ordinal))
        {
            return ScalarUnits.TryParse(type, s.Value, out var v) ? v : null;
        }

        return type is "integer" or "float" && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static bool TryRange(YNode value, out long lower, out long upper)
    {
        lower = upper = 0;
        if (value is not YSequence { Items.Count: 2 } seq || seq.Items[0] is not YScalar a || seq.Items[1] is not YScalar b || !a.TryGetInt64(out lower))
        {
            return false;
        }

        if (b.Value == "UNBOUNDED")
        {
            upper = long.MaxValue;
            return true;
        }

        return b.TryGetInt64(out upper);
    }

    private static string Show(YNode node) => node switch
    {
        YScalar s => s.Value,
        YMapping => "{...}",
        _ => "[...]",
    };
}
