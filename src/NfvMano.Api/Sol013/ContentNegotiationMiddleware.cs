using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace NfvMano.Api.Sol013;

/// <summary>
/// 406 and 415 from endpoint metadata, as SOL013 requires: a request whose <c>Accept</c> admits none of the
/// content types the endpoint produces (<see cref="IProducesResponseTypeMetadata"/> of its 2xx responses)
/// gets 406; a request with a body whose <c>Content-Type</c> is not one the endpoint accepts
/// (<see cref="IAcceptsMetadata"/>) gets 415. Endpoints without such metadata are not checked.
/// </summary>
public sealed class ContentNegotiationMiddleware
{
    private readonly RequestDelegate _next;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    public ContentNegotiationMiddleware(RequestDelegate next) => _next = next;

    /// <summary>Handles one request.</summary>
    /// <param name="context">The request context.</param>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint is not null)
        {
            CheckContentType(context, endpoint);
            CheckAccept(context, endpoint);
        }

        return _next(context);
    }

    private static void CheckAccept(HttpContext context, Endpoint endpoint)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count == 0)
        {
            return;
        }

        var produced = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .Where(m => m.StatusCode is >= 200 and < 300)
            .SelectMany(m => m.ContentTypes)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (produced.Count == 0)
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            throw new BadRequestProblem($"The 'Accept' header '{accept}' is not a list of media ranges.");
        }

        foreach (var type in produced)
        {
            if (!MediaTypeHeaderValue.TryParse(type, out var offered))
            {
                continue;
            }

            if (ranges.Any(r => (r.Quality ?? 1) > 0 && offered.IsSubsetOf(r)))
            {
                return;
            }
        }

        throw new NotAcceptableProblem(
            $"None of the media types in 'Accept: {accept}' is offered by {context.Request.Method} {context.Request.Path}; it produces {string.Join(", ", produced)}.");
    }

    private static void CheckContentType(HttpContext context, Endpoint endpoint)
    {
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts is null || accepts.ContentTypes.Count == 0 || !HasBody(context))
        {
            return;
        }

        var contentType = context.Request.ContentType;
        if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var sent))
        {
            foreach (var type in accepts.ContentTypes)
            {
                if (MediaTypeHeaderValue.TryParse(type, out var accepted) && (sent.IsSubsetOf(accepted) || IsJsonFlavourOf(sent, accepted)))
                {
                    return;
                }
            }
        }

        throw new UnsupportedMediaTypeProblem(
            $"{context.Request.Method} {context.Request.Path} takes a body of type {string.Join(" or ", accepts.ContentTypes)}, " +
            $"but the request's Content-Type is {(contentType is null ? "missing" : $"'{contentType}'")}.");
    }

    // The JSON body binder reads any "+json" type (merge-patch+json for SOL005 PATCH), so an endpoint taking
    // application/json takes those too.
    private static bool IsJsonFlavourOf(MediaTypeHeaderValue sent, MediaTypeHeaderValue accepted) =>
        accepted.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && sent.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
        && sent.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static bool HasBody(HttpContext context)
    {
        if (context.Request.ContentLength is { } length)
        {
            return length > 0;
        }

        return context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
    }
}
