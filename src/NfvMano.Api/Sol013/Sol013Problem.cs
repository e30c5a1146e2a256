using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol013;

/// <summary>
/// Base of the errors an endpoint throws to answer with a SOL013 ProblemDetails (clause 6).
/// <see cref="Sol013ExceptionHandler"/> maps every subclass to its status code in one place.
/// </summary>
public abstract class Sol013Problem : Exception
{
    /// <summary>Creates a problem with the given HTTP status and human-readable detail.</summary>
    /// <param name="status">HTTP status code of the response.</param>
    /// <param name="detail">What went wrong, specific to this occurrence.</param>
    /// <param name="innerException">The underlying cause, if any (never shown to the client).</param>
    protected Sol013Problem(int status, string detail, Exception? innerException = null)
        : base(detail, innerException)
    {
        Status = status;
        Detail = detail;
    }

    /// <summary>HTTP status code of the response.</summary>
    public int Status { get; }

    /// <summary>The ProblemDetails <c>detail</c>: what went wrong, specific to this occurrence.</summary>
    public string Detail { get; }

    /// <summary>The ProblemDetails <c>title</c>; <see langword="null"/> uses the status reason phrase.</summary>
    public virtual string? Title => null;

    /// <summary>Extra members written into the ProblemDetails (SOL013 allows extensions).</summary>
    public virtual IReadOnlyDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

/// <summary>400 Bad Request: the request is malformed, e.g. an invalid query parameter.</summary>
public class BadRequestProblem : Sol013Problem
{
    /// <summary>Creates a 400 problem.</summary>
    /// <param name="detail">What is wrong with the request.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public BadRequestProblem(string detail, Exception? innerException = null)
        : base(StatusCodes.Status400BadRequest, detail, innerException)
    {
    }
}

/// <summary>404 Not Found: no resource with the given identifier (or at the given URI).</summary>
public sealed class NotFoundProblem : Sol013Problem
{
    /// <summary>Creates a 404 problem with a free detail text.</summary>
    /// <param name="detail">Which resource was not found.</param>
    public NotFoundProblem(string detail)
        : base(StatusCodes.Status404NotFound, detail)
    {
    }

    /// <summary>Creates the usual "no {kind} with id {id}" 404 problem.</summary>
    /// <param name="resourceKind">Kind of resource, e.g. <c>VNF package</c>.</param>
    /// <param name="id">The identifier that was not found.</param>
    public static NotFoundProblem ForId(string resourceKind, string id) =>
        new($"No {resourceKind} with id '{id}' exists.");
}

/// <summary>409 Conflict: the operation conflicts with the state of the resource.</summary>
public sealed class ConflictProblem : Sol013Problem
{
    /// <summary>Creates a 409 problem.</summary>
    /// <param name="detail">Which state prevents the operation.</param>
    public ConflictProblem(string detail)
        : base(StatusCodes.Status409Conflict, detail)
    {
    }
}

/// <summary>412 Precondition Failed: an <c>If-Match</c> (or <c>If-Unmodified-Since</c>) did not hold.</summary>
public sealed class PreconditionFailedProblem : Sol013Problem
{
    /// <summary>Creates a 412 problem.</summary>
    /// <param name="detail">Which precondition failed.</param>
    public PreconditionFailedProblem(string detail)
        : base(StatusCodes.Status412PreconditionFailed, detail)
    {
    }
}

/// <summary>428 Precondition Required: the endpoint requires an <c>If-Match</c> header and none was sent.</summary>
public sealed class PreconditionRequiredProblem : Sol013Problem
{
    /// <summary>Creates a 428 problem.</summary>
    /// <param name="detail">Which header is required.</param>
    public PreconditionRequiredProblem(string detail)
        : base(StatusCodes.Status428PreconditionRequired, detail)
    {
    }
}

/// <summary>
/// 422 Unprocessable Content: the payload is syntactically valid but semantically wrong
/// (e.g. a package whose descriptor does not validate).
/// </summary>
public sealed class UnprocessableProblem : Sol013Problem
{
    /// <summary>Creates a 422 problem.</summary>
    /// <param name="detail">Why the content cannot be processed.</param>
    public UnprocessableProblem(string detail)
        : base(StatusCodes.Status422UnprocessableEntity, detail)
    {
    }
}

/// <summary>406 Not Acceptable: the <c>Accept</c> or <c>Version</c> header asks for something not offered.</summary>
public sealed class NotAcceptableProblem : Sol013Problem
{
    /// <summary>Creates a 406 problem.</summary>
    /// <param name="detail">What was asked for and what is offered.</param>
    public NotAcceptableProblem(string detail)
        : base(StatusCodes.Status406NotAcceptable, detail)
    {
    }
}

/// <summary>415 Unsupported Media Type: the request body has a content type the endpoint does not take.</summary>
public sealed class UnsupportedMediaTypeProblem : Sol013Problem
{
    /// <summary>Creates a 415 problem.</summary>
    /// <param name="detail">What was sent and what is accepted.</param>
    public UnsupportedMediaTypeProblem(string detail)
        : base(StatusCodes.Status415UnsupportedMediaType, detail)
    {
    }
}

/// <summary>
/// A problem with any other status SOL013 lists (401, 403, 413, 416, 429, 503, …) for which no dedicated
/// type exists, e.g. 416 when a <c>Range</c> on package content cannot be satisfied.
/// </summary>
public sealed class HttpProblem : Sol013Problem
{
    /// <summary>Creates a problem with the given status.</summary>
    /// <param name="status">An HTTP error status (400-599).</param>
    /// <param name="detail">What went wrong.</param>
    public HttpProblem(int status, string detail)
        : base(status is >= 400 and <= 599 ? status : throw new ArgumentOutOfRangeException(nameof(status), status, "A problem has an error status (400-599)."), detail)
    {
    }
}
