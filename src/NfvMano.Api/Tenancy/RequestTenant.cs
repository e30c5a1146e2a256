using System.Security.Claims;

namespace NfvMano.Api.Tenancy;

/// <summary>
/// The tenant a request acts for: a claim of the authenticated caller (an OAuth 2.0 client registered for that
/// tenant, or the configured tenant of the development no-auth mode). Every resource read or written through the
/// APIs belongs to it, so another tenant's identifier answers 404.
/// </summary>
public static class RequestTenant
{
    /// <summary>The claim type carrying the tenant in access tokens and principals.</summary>
    public const string ClaimType = "nfvmano_tenant";

    /// <summary>The tenant of the authenticated caller.</summary>
    /// <param name="user">The request's principal (bound by minimal APIs from <c>HttpContext.User</c>).</param>
    /// <returns>The tenant identifier.</returns>
    /// <exception cref="InvalidOperationException">The principal carries no tenant: authentication did not run for this endpoint.</exception>
    public static string TenantOf(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tenant = user.FindFirst(ClaimType)?.Value;
        return string.IsNullOrEmpty(tenant)
            ? throw new InvalidOperationException(
                $"The request's principal has no '{ClaimType}' claim: the endpoint was reached without NfvMano authentication (AddNfvManoSecurity / UseNfvManoSecurity).")
            : tenant;
    }
}
