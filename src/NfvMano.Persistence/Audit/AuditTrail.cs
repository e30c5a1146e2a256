using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Persistence.Audit;

/// <summary>
/// Writes and searches the audit trail. Each entry is saved in a database context of its own, so that recording
/// neither commits nor loses the unsaved work of the caller's context, and a request whose own work failed is
/// still recorded.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes)
{
    /// <summary>The most entries one search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Saves one entry; fields longer than their column are cut.</summary>
    /// <param name="entry">The entry; its id is set when empty.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task RecordAsync(AuditEntryEntity entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Id == Guid.Empty)
        {
            entry.Id = Guid.NewGuid();
        }

        entry.Actor = Cut(entry.Actor, 128);
        entry.TenantId = entry.TenantId is null ? null : Cut(entry.TenantId, 128);
        entry.Method = Cut(entry.Method, 16);
        entry.Route = Cut(entry.Route, 256);
        entry.ResourceId = entry.ResourceId is null ? null : Cut(entry.ResourceId, 128);
        entry.RemoteAddress = entry.RemoteAddress is null ? null : Cut(entry.RemoteAddress, 64);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records an action of the web console (which changes state over its circuit, not through the HTTP APIs): the
    /// operator, their tenant, the action (e.g. <c>instantiate</c>), the page or resource kind it acted on, and whether it
    /// was done (200), refused (4xx) or failed (500).
    /// </summary>
    /// <param name="operatorName">The operator's user name.</param>
    /// <param name="tenantId">The operator's tenant.</param>
    /// <param name="action">The action, e.g. <c>instantiate</c>.</param>
    /// <param name="target">What it acted on, e.g. <c>/instances/{vnfInstanceId}</c>.</param>
    /// <param name="resourceId">The resource id, when there is one.</param>
    /// <param name="statusCode">200 done, 4xx refused, 500 failed.</param>
    /// <param name="occurredAt">When.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Task RecordConsoleActionAsync(
        string operatorName, string? tenantId, string action, string target, string? resourceId, int statusCode, DateTimeOffset occurredAt,
        CancellationToken cancellationToken) =>
        RecordAsync(new AuditEntryEntity
        {
            OccurredAt = occurredAt,
            Channel = "console",
            Actor = operatorName,
            TenantId = tenantId,
            Method = action,
            Route = target,
            ResourceId = resourceId,
            StatusCode = statusCode,
        }, cancellationToken);

    /// <summary>Deletes the entries older than <paramref name="before"/>; returns how many.</summary>
    /// <param name="before">The oldest time kept.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        return await db.AuditEntries.Where(e => e.OccurredAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The entries matching <paramref name="query"/>, newest first.</summary>
    /// <param name="query">The filters.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<IReadOnlyList<AuditEntryEntity>> SearchAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Actor))
        {
            entries = entries.Where(e => e.Actor == query.Actor);
        }

        if (!string.IsNullOrEmpty(query.TenantId))
        {
            entries = entries.Where(e => e.TenantId == query.TenantId);
        }

        if (!string.IsNullOrEmpty(query.Method))
        {
            // HTTP methods are stored upper case (?method=post finds them), console actions as the console names them.
            var given = query.Method;
            var method = given.ToUpperInvariant();
            entries = entries.Where(e => e.Method == method || e.Method == given);
        }

        if (!string.IsNullOrEmpty(query.ResourceId))
        {
            entries = entries.Where(e => e.ResourceId == query.ResourceId);
        }

        if (!string.IsNullOrEmpty(query.RouteContains))
        {
            entries = entries.Where(e => e.Route.Contains(query.RouteContains));
        }

        entries = query.Outcome switch
        {
            AuditOutcome.Succeeded => entries.Where(e => e.StatusCode < 400),
            AuditOutcome.Failed => entries.Where(e => e.StatusCode >= 400),
            _ => entries,
        };
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        return await entries.OrderByDescending(e => e.OccurredAt).ThenBy(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>Whether a request succeeded (status below 400) or failed.</summary>
public enum AuditOutcome
{
    /// <summary>Both.</summary>
    Any,

    /// <summary>Status below 400.</summary>
    Succeeded,

    /// <summary>Status 400 or above.</summary>
    Failed,
}

/// <summary>Filters of an audit search; every filter left empty matches everything.</summary>
public sealed record AuditQuery
{
    /// <summary>The client id or operator user name, exactly.</summary>
    public string? Actor { get; init; }

    /// <summary>The tenant, exactly.</summary>
    public string? TenantId { get; init; }

    /// <summary>The HTTP method (or console verb).</summary>
    public string? Method { get; init; }

    /// <summary>The resource id, exactly.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Part of the route template, e.g. <c>vnf_instances</c>.</summary>
    public string? RouteContains { get; init; }

    /// <summary>Succeeded, failed or both.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>How many entries at most (1 to <see cref="AuditTrail.MaxLimit"/>).</summary>
    public int Limit { get; init; } = 100;
}
