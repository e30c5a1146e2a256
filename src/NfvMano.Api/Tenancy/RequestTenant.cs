using System.Security.Claims;
using NfvMano.Lifecycle.Catalogue;

namespace NfvMano.Api.Tenancy;

/// <summary>
/// The tenant a request acts for: a claim of the authenticated caller (an OAuth 2.0 client registered for that
/// tenant, or the configured tenant of the development no-auth mode). Every resource read or written through the
/// APIs belongs to it, so another tenant's identifier answers 404 — except for an administrator's reads, which
/// the security middleware marks with <see cref="ReadsAllTenantsClaimType"/>: those see every tenant.
/// </summary>
public static class RequestTenant
{
    /// <summary>The claim type carrying the tenant in access tokens and principals.</summary>
    public const string ClaimType = "nfvmano_tenant";

    /// <summary>
    /// Present (value <c>true</c>) on the principal of an administrator's read request (GET, HEAD): the services are
    /// then asked for <see cref="Tenants.All"/>. Added per request, never carried by a token.
    /// </summary>
    public const string ReadsAllTenantsClaimType = "nfvmano_reads_all_tenants";

    /// <summary>The tenant of the authenticated caller, or <see cref="Tenants.All"/> for an administrator's read.</summary>
    /// <param name="user">The request's principal (bound by minimal APIs from <c>HttpContext.User</c>).</param>
    /// <returns>The tenant identifier.</returns>
    /// <exception cref="InvalidOperationException">The principal carries no tenant: authentication did not run for this endpoint.</exception>
    public static string TenantOf(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.HasClaim(ReadsAllTenantsClaimType, "true"))
        {
            return Tenants.All;
        }

        return OwnTenantOf(user);
    }

    /// <summary>The caller's own tenant, also for an administrator's read (where new resources of theirs would go).</summary>
    /// <param name="user">The request's principal.</param>
    /// <returns>The tenant identifier.</returns>
    /// <exception cref="InvalidOperationException">The principal carries no tenant.</exception>
    public static string OwnTenantOf(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tenant = user.FindFirst(ClaimType)?.Value;
        return string.IsNullOrEmpty(tenant)
            ? throw new InvalidOperationException(
                $"The request's principal has no '{ClaimType}' claim: the endpoint was reached without NfvMano authentication (AddNfvManoSecurity / UseNfvManoSecurity).")
            : tenant;
    }
}
