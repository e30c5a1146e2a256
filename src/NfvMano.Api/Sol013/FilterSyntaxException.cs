namespace NfvMano.Api.Sol013;

/// <summary>
/// A <c>filter</c> query value that does not follow the SOL013 grammar. Answered as 400 with the position
/// (1-based, in characters of the decoded value) and what was expected there.
/// </summary>
public sealed class FilterSyntaxException : BadRequestProblem
{
    /// <summary>Creates the problem.</summary>
    /// <param name="position">1-based character position of the error in the filter text.</param>
    /// <param name="message">What was expected and what was found.</param>
    public FilterSyntaxException(int position, string message)
        : base($"Invalid filter at position {position}: {message}")
    {
        Position = position;
        Extensions = new Dictionary<string, object?> { ["parameter"] = "filter", ["position"] = position };
    }

    /// <summary>1-based character position of the error in the filter text.</summary>
    public int Position { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Extensions { get; }
}
