using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NfvMano.Persistence;

/// <summary>
/// Ready when the database answers and its schema is current. A server whose database is behind
/// stays up and unready (no crash loop) until an operator runs <c>nfvmano-server migrate</c>.
/// </summary>
public sealed class DatabaseReadinessCheck(NfvManoDbContext db) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("database reachable, schema current")
                : HealthCheckResult.Unhealthy(
                    $"database schema is behind by {pending.Count} migration(s), first {pending[0]}: run 'nfvmano-server migrate'");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + e.GetBaseException().Message);
        }
    }
}
