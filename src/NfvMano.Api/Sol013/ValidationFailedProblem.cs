using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol013;

/// <summary>One problem found while validating a request: where it is and what is wrong.</summary>
/// <param name="Location">Where the problem is, e.g. a JSON path (<c>$.softwareImages[0].id</c>) or a query parameter.</param>
/// <param name="Detail">What is wrong at that location.</param>
public sealed record ProblemItem(string Location, string Detail);

/// <summary>
/// A request that fails validation, reporting every problem at once (never only the first).
/// The items are written as the <c>problems</c> extension member of the ProblemDetails.
/// </summary>
public sealed class ValidationFailedProblem : Sol013Problem
{
    /// <summary>Creates a validation problem; 400 by default, or 422 for semantically wrong content.</summary>
    /// <param name="problems">All problems found; must not be empty.</param>
    /// <param name="status">400 (malformed request) or 422 (well-formed but semantically wrong).</param>
    public ValidationFailedProblem(IReadOnlyList<ProblemItem> problems, int status = StatusCodes.Status400BadRequest)
        : base(status, Summarise(problems))
    {
        if (status is not (StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A validation problem is a 400 or a 422.");
        }

        Problems = problems;
        Extensions = new Dictionary<string, object?> { ["problems"] = problems };
    }

    /// <summary>Every problem found, each with its location.</summary>
    public IReadOnlyList<ProblemItem> Problems { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Extensions { get; }

    private static string Summarise(IReadOnlyList<ProblemItem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A validation problem needs at least one problem item.", nameof(problems));
        }

        var lines = problems.Select(p => $"{p.Location}: {p.Detail}");
        var noun = problems.Count == 1 ? "problem" : "problems";
        return $"The request has {problems.Count} {noun}: " + string.Join("; ", lines);
    }
}
