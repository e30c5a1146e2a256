using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Persistence.Audit;
using NfvMano.Security.Configuration;

namespace NfvMano.Security.Audit;

/// <summary>
/// Keeps the audit trail within <see cref="SecurityOptions.AuditRetention"/>: deletes older entries at start and
/// every hour after. Every server of an installation may run it; deleting what another already deleted is harmless.
/// </summary>
internal sealed partial class AuditRetention(AuditTrail trail, IOptions<SecurityOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.AuditRetention;
        if (retention <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var removed = await trail.PruneAsync(time.GetUtcNow() - retention, stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed, retention.TotalDays);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // The database may be briefly unreachable; the next round tries again.
                LogPruneFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: deleted {Count} entries older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int count, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention: pruning failed ({Error}: {Message}); trying again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, string error, string message);
}
