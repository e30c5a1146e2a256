using Microsoft.AspNetCore.Http;
using NfvMano.Persistence.Audit;

namespace NfvMano.Console.Accounts;

/// <summary>
/// Records the console's own account requests (sign-in, password change, sign-out), which are form posts served by
/// the console's pages and so not recorded by the APIs' audit middleware.
/// </summary>
internal static class ConsoleAccessAudit
{
    /// <summary>Records one account request of the console with the caller's address.</summary>
    /// <param name="trail">The audit trail.</param>
    /// <param name="http">The form post.</param>
    /// <param name="time">The clock.</param>
    /// <param name="action">e.g. <c>sign-in</c>.</param>
    /// <param name="actor">The account name (never text typed that names no account).</param>
    /// <param name="tenant">The account's tenant, when known.</param>
    /// <param name="status">200 done, 4xx refused.</param>
    public static Task RecordAccessAsync(this AuditTrail trail, HttpContext http, TimeProvider time, string action, string actor, string? tenant, int status) =>
        trail.RecordAsync(new AuditEntryEntity
        {
            OccurredAt = time.GetUtcNow(),
            Channel = "console",
            Actor = actor,
            TenantId = tenant,
            Method = action,
            Route = http.Request.Path.Value ?? "/",
            ResourceId = actor,
            StatusCode = status,
            RemoteAddress = http.Connection.RemoteIpAddress?.ToString(),
        }, CancellationToken.None);
}
