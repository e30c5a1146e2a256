using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using NfvMano.Api.Sol013;
using OpenIddict.Abstractions;

namespace NfvMano.Security.Authorization;

/// <summary>
/// The requirement of every endpoint that does not opt out with <c>AllowAnonymous</c> (it is the fallback policy):
/// the endpoint must belong to a SOL013 API root (its <see cref="Sol013Api"/> metadata, which every
/// <c>MapSol013Api</c> group carries, or its path under a registered root), and the caller must hold
/// <c>{api}:read</c> or <c>{api}:write</c> for a read (GET, HEAD, OPTIONS), <c>{api}:write</c> for anything else.
/// An endpoint of no API is refused: a new endpoint is protected until someone decides otherwise.
/// </summary>
public sealed class ApiScopeRequirement : IAuthorizationRequirement
{
    /// <summary>The scopes a request needs, any one of them sufficing; empty when the endpoint is of no API.</summary>
    /// <param name="http">The request.</param>
    /// <returns>The API name (or null) and the acceptable scopes.</returns>
    public static (string? Api, IReadOnlyList<string> AnyOf) ScopesFor(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var api = ApiOf(http);
        if (api is null)
        {
            return (null, []);
        }

        var method = http.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            ? (api, [ApiScopes.Read(api), ApiScopes.Write(api)])
            : (api, [ApiScopes.Write(api)]);
    }

    private static string? ApiOf(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Sol013Api>() is { } api)
        {
            return api.Name;
        }

        var registry = http.RequestServices.GetService(typeof(ApiVersionRegistry)) as ApiVersionRegistry;
        if (registry?.Find(http.Request.Path) is { } under)
        {
            return under.Name;
        }

        // /{name}/api_versions lies above every version root of the API.
        var segments = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is [var name, "api_versions"] && registry?.VersionsOf(name).Count > 0 ? name : null;
    }
}

/// <summary>Checks <see cref="ApiScopeRequirement"/> against the scopes of the authenticated caller.</summary>
public sealed class ApiScopeHandler : AuthorizationHandler<ApiScopeRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }

        var (api, anyOf) = ApiScopeRequirement.ScopesFor(http);
        var target = $"{http.Request.Method} {http.Request.Path}";
        if (api is null)
        {
            context.Fail(new AuthorizationFailureReason(this, $"{target} belongs to no API with scopes; no token grants it."));
        }
        else if (anyOf.Any(context.User.HasScope))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"The access token lacks the scope {string.Join(" or ", anyOf)} that {target} requires."));
        }

        return Task.CompletedTask;
    }
}
