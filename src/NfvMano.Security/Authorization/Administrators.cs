using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using NfvMano.Api.Tenancy;
using OpenIddict.Abstractions;

namespace NfvMano.Security.Authorization;

/// <summary>
/// Administrators: API clients granted <c>admin:read</c> or <c>admin:write</c> (named explicitly; <c>*</c> never
/// implies them). They read the audit trail and every tenant's resources; what they create or change stays in their
/// own tenant, like any client's.
/// </summary>
public static class Administrators
{
    /// <summary>Whether the principal is an administrator.</summary>
    /// <param name="user">The request's principal.</param>
    public static bool IsAdministrator(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true
            && (user.HasScope(ApiScopes.Read(ApiScopes.Admin)) || user.HasScope(ApiScopes.Write(ApiScopes.Admin)));
    }
}

/// <summary>
/// Marks an administrator's reads (GET, HEAD) with <see cref="RequestTenant.ReadsAllTenantsClaimType"/>, so that
/// <see cref="RequestTenant.TenantOf"/> asks the services for every tenant. Runs after authentication.
/// </summary>
internal sealed class AdministratorReadsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && Administrators.IsAdministrator(context.User))
        {
            context.User.AddIdentity(new ClaimsIdentity([new Claim(RequestTenant.ReadsAllTenantsClaimType, "true")]));
        }

        return next(context);
    }
}
