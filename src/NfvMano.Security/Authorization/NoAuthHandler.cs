using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Api.Tenancy;
using NfvMano.Security.Configuration;
using OpenIddict.Abstractions;

namespace NfvMano.Security.Authorization;

/// <summary>
/// The development no-auth mode (<c>NfvMano:Security:Mode=Disabled</c>): every request is authenticated as the
/// configured tenant with every scope but the admin scopes. Never the default; the server warns at start when it is on.
/// </summary>
internal sealed class NoAuthHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NfvManoNoAuth";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(SchemeName, OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, "no-auth");
        identity.SetClaim(RequestTenant.ClaimType, security.Value.DisabledTenant);
        // Not an administrator: the configured tenant's resources only, as with a real client of that tenant.
        identity.SetScopes(ApiScopes.AllButAdmin);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
