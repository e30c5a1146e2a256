namespace NfvMano.Api.Sol013;

/// <summary>The operators of SOL013 attribute-based filtering (clause 5.2).</summary>
public enum FilterOperator
{
    /// <summary><c>eq</c>: attribute equal to the value.</summary>
    Eq,

    /// <summary><c>neq</c>: attribute not equal to the value.</summary>
    Neq,

    /// <summary><c>gt</c>: attribute greater than the value.</summary>
    Gt,

    /// <summary><c>lt</c>: attribute less than the value.</summary>
    Lt,

    /// <summary><c>gte</c>: attribute greater than or equal to the value.</summary>
    Gte,

    /// <summary><c>lte</c>: attribute less than or equal to the value.</summary>
    Lte,

    /// <summary><c>cont</c>: string attribute contains at least one of the values.</summary>
    Cont,

    /// <summary><c>ncont</c>: string attribute contains none of the values.</summary>
    Ncont,

    /// <summary><c>in</c>: attribute equal to one of the values.</summary>
    In,

    /// <summary><c>nin</c>: attribute equal to none of the values.</summary>
    Nin,
}

/// <summary>Names and arity of <see cref="FilterOperator"/> values as written in a <c>filter</c>.</summary>
public static class FilterOperators
{
    private static readonly string[] Names = ["eq", "neq", "gt", "lt", "gte", "lte", "cont", "ncont", "in", "nin"];

    /// <summary>All operator names, in the order of SOL013.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The name of an operator as written in a filter, e.g. <c>gte</c>.</summary>
    /// <param name="op">The operator.</param>
    public static string ToName(this FilterOperator op) => Names[(int)op];

    /// <summary>Looks up an operator by its exact (lower-case) name.</summary>
    /// <param name="name">The name, e.g. <c>cont</c>.</param>
    /// <param name="op">The operator when found.</param>
    /// <returns>Whether the name is an operator.</returns>
    public static bool TryParse(ReadOnlySpan<char> name, out FilterOperator op)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                op = (FilterOperator)i;
                return true;
            }
        }

        op = default;
        return false;
    }

    /// <summary>
    /// Whether the operator takes a list of values (SOL013 "opMulti": <c>in</c>, <c>nin</c>, <c>cont</c>,
    /// <c>ncont</c>); the others take exactly one.
    /// </summary>
    /// <param name="op">The operator.</param>
    public static bool TakesList(this FilterOperator op) =>
        op is FilterOperator.In or FilterOperator.Nin or FilterOperator.Cont or FilterOperator.Ncont;

    /// <summary>
    /// Whether the operator is the negation of another (<c>neq</c>, <c>nin</c>, <c>ncont</c>): it matches
    /// exactly when its positive counterpart does not.
    /// </summary>
    /// <param name="op">The operator.</param>
    public static bool IsNegated(this FilterOperator op) =>
        op is FilterOperator.Neq or FilterOperator.Nin or FilterOperator.Ncont;

    /// <summary>Whether the operator orders values (<c>gt</c>, <c>lt</c>, <c>gte</c>, <c>lte</c>).</summary>
    /// <param name="op">The operator.</param>
    public static bool IsOrdering(this FilterOperator op) =>
        op is FilterOperator.Gt or FilterOperator.Lt or FilterOperator.Gte or FilterOperator.Lte;
}
