using Microsoft.AspNetCore.Http;

namespace NfvMano.Api.Sol013;

/// <summary>
/// SOL013 <c>Version</c> header handling for every request under a registered API root, including errors and
/// unknown routes: sets the response <c>Version</c> header to the API's full version, and checks the request
/// <c>Version</c> header (missing: 400 unless the API or the endpoint (<see cref="VersionHeaderOptional"/>)
/// accepts that; malformed: 400; another major: 406).
/// <c>api_versions</c> needs no header.
/// </summary>
public sealed class VersionHeaderMiddleware
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Version";

    private readonly RequestDelegate _next;
    private readonly ApiVersionRegistry _registry;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="registry">The registered APIs.</param>
    public VersionHeaderMiddleware(RequestDelegate next, ApiVersionRegistry registry)
    {
        _next = next;
        _registry = registry;
    }

    /// <summary>Handles one request.</summary>
    /// <param name="context">The request context.</param>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var api = _registry.Find(context.Request.Path);
        if (api is null)
        {
            return _next(context);
        }

        // OnStarting rather than setting it now: the exception handler clears headers before writing a problem.
        context.Response.OnStarting(static state =>
        {
            var (ctx, version) = ((HttpContext, string))state;
            ctx.Response.Headers[HeaderName] = version;
            return Task.CompletedTask;
        }, (context, api.Version));

        var isApiVersions = context.Request.Path.Equals(api.UriPrefix + "/api_versions", StringComparison.OrdinalIgnoreCase);
        if (!isApiVersions)
        {
            var optional = context.GetEndpoint()?.Metadata.GetMetadata<VersionHeaderOptional>() is not null;
            Check(context.Request, api, requireHeader: api.RequireVersionHeader && !optional);
        }

        return _next(context);
    }

    private static void Check(HttpRequest request, Sol013Api api, bool requireHeader)
    {
        var values = request.Headers[HeaderName];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            if (requireHeader)
            {
                throw new BadRequestProblem(
                    $"The 'Version' header is missing. {api.UriPrefix} requires it, e.g. 'Version: {api.Version}' (any {api.Major}.x.y version).");
            }

            return;
        }

        if (values.Count > 1)
        {
            throw new BadRequestProblem($"The 'Version' header is given {values.Count} times; give it once, e.g. 'Version: {api.Version}'.");
        }

        var requested = values[0]!.Trim();
        if (!Sol013Api.TryParseVersion(requested, out var major))
        {
            throw new BadRequestProblem($"The 'Version' header '{requested}' is not a version of the form major.minor.patch, e.g. '{api.Version}'.");
        }

        if (major != api.Major)
        {
            throw new NotAcceptableProblem(
                $"API version {requested} is not supported by {api.UriPrefix}, which offers {api.Version}; " +
                $"send a {api.Major}.x.y version (see GET {api.UriPrefix}/api_versions).");
        }
    }
}
