using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>
/// The thin background loop of notification delivery: per round a fresh scope runs
/// <see cref="NotificationDispatcher"/>; it then waits for a signal or the poll interval.
/// </summary>
public sealed partial class NotificationWorker : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly NotificationSignal _signal;
    private readonly TimeProvider _time;
    private readonly IOptions<NotificationOptions> _options;
    private readonly ILogger<NotificationWorker> _logger;

    /// <summary>Creates the worker.</summary>
    public NotificationWorker(IServiceScopeFactory scopes, NotificationSignal signal, TimeProvider time, IOptions<NotificationOptions> options, ILogger<NotificationWorker> logger)
    {
        _scopes = scopes;
        _signal = signal;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<NotificationDispatcher>();
                busy = await dispatcher.FanOutAsync(stoppingToken) > 0;
                busy |= await dispatcher.DeliverDueAsync(stoppingToken) > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive a database outage and try again on the next round.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(_logger, e);
            }

            if (!busy)
            {
                await _signal.WaitAsync(_options.Value.PollInterval, _time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Error, Message = "A notification delivery round failed; retrying on the next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
