using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace NfvMano.Api.Sol013;

/// <summary>
/// Writes every ProblemDetails as <c>application/problem+json</c> with the members SOL013 clause 6 requires
/// (<c>status</c>, <c>title</c>, <c>detail</c>, <c>instance</c>), whatever the request's <c>Accept</c>: a
/// client asking for a zip still gets a readable error. Registered ahead of ASP.NET Core's default writer,
/// which refuses when <c>Accept</c> does not name JSON.
/// </summary>
public sealed class Sol013ProblemDetailsWriter : IProblemDetailsWriter
{
    /// <summary>The content type of problem responses.</summary>
    public const string ContentType = "application/problem+json";

    private readonly ProblemDetailsOptions _problemOptions;
    private readonly JsonSerializerOptions _json;

    /// <summary>Creates the writer.</summary>
    /// <param name="problemOptions">ASP.NET Core problem options (their <c>CustomizeProblemDetails</c> is applied).</param>
    /// <param name="jsonOptions">The API's JSON options.</param>
    public Sol013ProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<HttpJsonOptions> jsonOptions)
    {
        ArgumentNullException.ThrowIfNull(problemOptions);
        ArgumentNullException.ThrowIfNull(jsonOptions);
        _problemOptions = problemOptions.Value;
        _json = jsonOptions.Value.SerializerOptions;
    }

    /// <inheritdoc />
    public bool CanWrite(ProblemDetailsContext context) => true;

    /// <inheritdoc />
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error";
        problem.Detail ??= DefaultDetail(http, status);
        problem.Instance ??= http.Request.PathBase.Add(http.Request.Path).Value;
        _problemOptions.CustomizeProblemDetails?.Invoke(context);

        http.Response.StatusCode = status;
        var typeInfo = _json.GetTypeInfo(typeof(ProblemDetails));
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeInfo, ContentType, http.RequestAborted));
    }

    private static string DefaultDetail(HttpContext http, int status)
    {
        var target = $"{http.Request.Method} {http.Request.PathBase.Add(http.Request.Path)}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"No resource exists at {target}.",
            StatusCodes.Status405MethodNotAllowed =>
                $"The method is not allowed: {target}." +
                (http.Response.Headers.Allow.Count > 0 ? $" Allowed: {http.Response.Headers.Allow}." : string.Empty),
            StatusCodes.Status406NotAcceptable => $"No representation of {target} matches the Accept header.",
            StatusCodes.Status415UnsupportedMediaType => $"{target} does not take a body of type '{http.Request.ContentType}'.",
            StatusCodes.Status401Unauthorized => $"{target} requires authorisation.",
            StatusCodes.Status403Forbidden => $"The caller may not perform {target}.",
            StatusCodes.Status429TooManyRequests => "Too many requests; retry later.",
            StatusCodes.Status503ServiceUnavailable => "The service is temporarily unavailable; retry later.",
            >= 500 => "An internal error occurred while processing the request.",
            _ => $"The request {target} failed: {ReasonPhrases.GetReasonPhrase(status)}.",
        };
    }
}
