using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NfvMano.Api.Tenancy;
using NfvMano.Security.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NfvMano.Security.Tokens;

/// <summary>
/// The token endpoint's own part: OpenIddict has already authenticated the client and checked the grant type and
/// the requested scopes against the client's permissions; this issues the token with the client's tenant.
/// </summary>
public static class TokenEndpoint
{
    /// <summary>The path of the token endpoint.</summary>
    public const string Path = "/oauth2/token";

    /// <summary>The rate limiter policy of the endpoint.</summary>
    public const string RateLimitPolicy = "nfvmano-token";

    /// <summary>Maps <c>POST /oauth2/token</c> (anonymous: the client authenticates in the request itself).</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The endpoint's builder.</returns>
    public static RouteHandlerBuilder MapTokenEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, IssueAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .ExcludeFromDescription()
            .WithName("oauth2-token");

    private static async Task<IResult> IssueAsync(HttpContext http, ClientRegistrar clients)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing: UseNfvManoSecurity must run before the endpoints.");
        if (!request.IsClientCredentialsGrantType() || string.IsNullOrEmpty(request.ClientId))
        {
            return Forbid(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        var tenant = await clients.TenantOfAsync(request.ClientId, http.RequestAborted);
        if (tenant is null)
        {
            return Forbid(Errors.InvalidClient, $"Client '{request.ClientId}' has no tenant.");
        }

        // No scope asked: the client gets every scope it may have (RFC 6749 3.3 lets the server choose a default).
        var scopes = request.GetScopes();
        var granted = scopes.IsEmpty ? await clients.PermittedScopesAsync(request.ClientId, http.RequestAborted) : [.. scopes];

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(Claims.Name, request.ClientId);
        identity.SetClaim(RequestTenant.ClaimType, tenant);
        identity.SetScopes(granted);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
