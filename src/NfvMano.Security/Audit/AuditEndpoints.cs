using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NfvMano.Api.Sol013;
using NfvMano.Persistence.Audit;

namespace NfvMano.Security.Audit;

/// <summary>
/// The administration API, <c>/admin/v1</c>: <c>GET /admin/v1/audit</c> lists the audit trail, newest first, to
/// callers holding <c>admin:read</c>. Not an ETSI API; it follows SOL013's conventions (ProblemDetails, no
/// <c>Version</c> header needed).
/// </summary>
public static class AuditEndpoints
{
    /// <summary>The API version served.</summary>
    public static Sol013Api Api { get; } = new(ApiScopes.Admin, "v1", "1.0.0") { RequireVersionHeader = false };

    /// <summary>Maps <c>GET /admin/v1/audit</c>.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The route group of <c>/admin/v1</c>.</returns>
    public static RouteGroupBuilder MapAdminV1(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapSol013Api(Api);
        api.MapGet("/audit", ListAudit).WithName("admin-audit")
            .WithSummary("The audit trail of state-changing requests, newest first")
            .WithDescription("Filters: actor, tenant, method, resourceId, route (part of the route template), outcome (succeeded|failed), from and to (ISO 8601), limit (1-1000, default 100).");
        return api;
    }

    /// <summary>GET /audit: entries matching the filters.</summary>
    public static async Task<Ok<IReadOnlyList<AuditEntry>>> ListAudit(
        AuditTrail trail, string? actor, string? tenant, string? method, string? resourceId, string? route,
        string? outcome, string? from, string? to, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trail);
        var problems = new List<string>();
        var query = new AuditQuery
        {
            Actor = actor,
            TenantId = tenant,
            Method = method,
            ResourceId = resourceId,
            RouteContains = route,
            Outcome = outcome switch
            {
                null or "" => AuditOutcome.Any,
                "succeeded" => AuditOutcome.Succeeded,
                "failed" => AuditOutcome.Failed,
                _ => Problem(problems, AuditOutcome.Any, $"outcome: '{outcome}' is neither 'succeeded' nor 'failed'"),
            },
            From = Time(problems, "from", from),
            To = Time(problems, "to", to),
            Limit = limit is null ? 100
                : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= AuditTrail.MaxLimit ? n
                : Problem(problems, 100, $"limit: '{limit}' is not a number from 1 to {AuditTrail.MaxLimit}"),
        };
        if (problems.Count > 0)
        {
            throw new BadRequestProblem("Invalid audit query: " + string.Join("; ", problems) + ".");
        }

        var entries = await trail.SearchAsync(query, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AuditEntry>>([.. entries.Select(e => new AuditEntry(
            e.Id, e.OccurredAt, e.Channel, e.Actor, e.TenantId, e.Method, e.Route, e.ResourceId, e.StatusCode, e.RemoteAddress))]);
    }

    private static DateTimeOffset? Time(List<string> problems, string name, string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : Problem<DateTimeOffset?>(problems, null, $"{name}: '{value}' is not an ISO 8601 date and time");

    private static T Problem<T>(List<string> problems, T fallback, string problem)
    {
        problems.Add(problem);
        return fallback;
    }
}

/// <summary>One audit entry as the admin API shows it.</summary>
/// <param name="Id">The entry id.</param>
/// <param name="OccurredAt">When the request was answered.</param>
/// <param name="Channel"><c>api</c> or <c>console</c>.</param>
/// <param name="Actor">The client id, operator, or <c>anonymous</c>.</param>
/// <param name="Tenant">The actor's tenant, when known.</param>
/// <param name="Method">The HTTP method or console verb.</param>
/// <param name="Route">The route template or console action.</param>
/// <param name="ResourceId">The resource addressed or created.</param>
/// <param name="StatusCode">The status answered.</param>
/// <param name="RemoteAddress">The caller's address.</param>
public sealed record AuditEntry(
    Guid Id, DateTimeOffset OccurredAt, string Channel, string Actor, string? Tenant, string Method, string Route,
    string? ResourceId, int StatusCode, string? RemoteAddress);
