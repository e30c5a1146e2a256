namespace NfvMano.Api.Sol013;

/// <summary>
/// One simple filter expression of a SOL013 <c>filter</c>: <c>(op,attr/path,value[,value]*)</c>.
/// Equality is structural (operator, path segments and values), so a parsed and re-printed filter
/// compares equal to the original.
/// </summary>
public sealed class FilterCondition : IEquatable<FilterCondition>
{
    /// <summary>Creates a condition.</summary>
    /// <param name="op">The operator.</param>
    /// <param name="path">Attribute path segments (the parts between <c>/</c>), at least one.</param>
    /// <param name="values">The values: exactly one unless the operator takes a list.</param>
    public FilterCondition(FilterOperator op, IReadOnlyList<string> path, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(values);
        if (path.Count == 0)
        {
            throw new ArgumentException("An attribute path has at least one segment.", nameof(path));
        }

        if (values.Count == 0 || (!op.TakesList() && values.Count != 1))
        {
            throw new ArgumentException($"Operator '{op.ToName()}' cannot take {values.Count} values.", nameof(values));
        }

        Operator = op;
        Path = path;
        Values = values;
    }

    /// <summary>The operator.</summary>
    public FilterOperator Operator { get; }

    /// <summary>Attribute path segments, e.g. <c>["softwareImages", "id"]</c> for <c>softwareImages/id</c>.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>The attribute path as written, segments joined by <c>/</c>.</summary>
    public string PathText => string.Join('/', Path);

    /// <summary>The values to compare with, unescaped.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <inheritdoc />
    public bool Equals(FilterCondition? other) =>
        other is not null
        && Operator == other.Operator
        && Path.SequenceEqual(other.Path, StringComparer.Ordinal)
        && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FilterCondition);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Operator);
        foreach (var segment in Path)
        {
            hash.Add(segment, StringComparer.Ordinal);
        }

        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The condition in SOL013 syntax, quoting values that need it.</summary>
    public override string ToString() =>
        $"({Operator.ToName()},{PathText},{string.Join(',', Values.Select(AttributeFilter.QuoteIfNeeded))})";
}
