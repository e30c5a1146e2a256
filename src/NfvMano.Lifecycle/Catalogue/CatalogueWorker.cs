using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Catalogue.Nsds;
using NfvMano.Lifecycle.Catalogue.VnfPackages;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>
/// The thin background loop of onboarding: per round a fresh scope onboards the next waiting VNF package and NSD
/// (found in the database, so work left by a restart is resumed); it waits for a signal or the poll interval when
/// there is nothing to do.
/// </summary>
public sealed partial class CatalogueWorker : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly CatalogueSignal _signal;
    private readonly TimeProvider _time;
    private readonly IOptions<CatalogueOptions> _options;
    private readonly ILogger<CatalogueWorker> _logger;

    /// <summary>Creates the worker.</summary>
    public CatalogueWorker(IServiceScopeFactory scopes, CatalogueSignal signal, TimeProvider time, IOptions<CatalogueOptions> options, ILogger<CatalogueWorker> logger)
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
                await using (var scope = _scopes.CreateAsyncScope())
                {
                    busy |= await scope.ServiceProvider.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(stoppingToken);
                }

                await using (var scope = _scopes.CreateAsyncScope())
                {
                    busy |= await scope.ServiceProvider.GetRequiredService<NsdOnboarder>().RunOnceAsync(stoppingToken);
                }
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

    [LoggerMessage(EventId = 2401, Level = LogLevel.Error, Message = "An onboarding round failed; retrying on the next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
