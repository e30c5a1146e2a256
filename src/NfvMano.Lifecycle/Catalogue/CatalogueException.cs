namespace NfvMano.Lifecycle.Catalogue;

/// <summary>What kind of refusal a <see cref="CatalogueException"/> is; the API maps each to its HTTP status.</summary>
public enum CatalogueErrorKind
{
    /// <summary>No such resource (404).</summary>
    NotFound,

    /// <summary>The resource's state does not allow the operation (409).</summary>
    Conflict,

    /// <summary>The caller's version of the resource is stale (412).</summary>
    Stale,

    /// <summary>The request is malformed (400).</summary>
    Invalid,

    /// <summary>The request is well-formed but cannot be carried out (422), e.g. an unreachable callback.</summary>
    Unprocessable,

    /// <summary>The content is larger than allowed (413).</summary>
    TooLarge,
}

/// <summary>A catalogue operation refused for a reason the caller can act on.</summary>
public sealed class CatalogueException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind of refusal.</param>
    /// <param name="message">What was refused and why, for a person.</param>
    /// <param name="problems">Each problem with where it is, when there are several.</param>
    public CatalogueException(CatalogueErrorKind kind, string message, IReadOnlyList<CatalogueProblem>? problems = null)
        : base(message)
    {
        Kind = kind;
        Problems = problems ?? [];
    }

    /// <summary>The kind of refusal.</summary>
    public CatalogueErrorKind Kind { get; }

    /// <summary>Each problem with where it is (may be empty).</summary>
    public IReadOnlyList<CatalogueProblem> Problems { get; }

    internal static CatalogueException NotFound(string kind, Guid id) =>
        new(CatalogueErrorKind.NotFound, $"No {kind} with id '{id}' exists.");

    internal static CatalogueException Conflict(string message) => new(CatalogueErrorKind.Conflict, message);

    internal static CatalogueException Invalid(string message, IReadOnlyList<CatalogueProblem>? problems = null) =>
        new(CatalogueErrorKind.Invalid, message, problems);

    internal static CatalogueException Stale(string kind, Guid id) =>
        new(CatalogueErrorKind.Stale, $"The {kind} '{id}' has changed since it was read; GET it again and retry with the new ETag.");
}

/// <summary>One problem of a request or of a descriptor: where it is and what is wrong.</summary>
/// <param name="Location">Where, e.g. <c>Definitions/vrouter.yaml: topology_template.node_templates.VDU1</c> or <c>$.filter</c>.</param>
/// <param name="Detail">What is wrong there.</param>
public sealed record CatalogueProblem(string Location, string Detail);
