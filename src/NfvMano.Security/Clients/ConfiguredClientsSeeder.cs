using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Security.Configuration;
using NfvMano.Security.Secrets;

namespace NfvMano.Security.Clients;

/// <summary>
/// Registers the clients of <c>NfvMano:Security:Clients</c> as the server starts (after migrations), so automation
/// gets a token with no manual step. Runs in <see cref="StartAsync"/>: the server answers no request before its
/// configured clients exist.
/// </summary>
internal sealed partial class ConfiguredClientsSeeder(
    IServiceScopeFactory scopes, IOptions<SecurityOptions> options, ProtectedSecrets secrets, ILogger<ConfiguredClientsSeeder> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _waiting;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PlainSecretsWarning.WarnIfAny(logger, [.. options.Value.Clients
            .Select((c, i) => (c, i)).Where(x => !ProtectedSecrets.IsProtected(x.c.ClientSecret))
            .Select(x => $"{SecurityOptions.Section}:Clients:{x.i}:ClientSecret")]);
        try
        {
            await SeedAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            // A PostgreSQL server starts before 'migrate' has run (readiness says so): the clients are registered as
            // soon as the schema is there, without a restart.
            LogWaitingForSchema(logger, e.Message);
            _waiting = Task.Run(() => RetryUntilSeededAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_waiting is null)
        {
            // Nothing runs in the background; the host may also have disposed this service already.
            return;
        }
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        if (_waiting is not null)
        {
            await Task.WhenAny(_waiting, Task.Delay(Timeout.Infinite, cancellationToken));
        }
    }

    private async Task RetryUntilSeededAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stopping);
                await SeedAsync(stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (System.Data.Common.DbException)
            {
                // still not migrated
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (configured, index) in options.Value.Clients.Select((c, i) => (c, i)))
        {
            var client = new ClientRegistration
            {
                ClientId = configured.ClientId,
                ClientSecret = secrets.Reveal(configured.ClientSecret, $"{SecurityOptions.Section}:Clients:{index}:ClientSecret"),
                Scopes = configured.Scopes,
                Tenant = configured.Tenant,
            };
            // Two servers starting on one database may both create the client; the loser retries as an update.
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var registrar = scope.ServiceProvider.GetRequiredService<ClientRegistrar>();
                try
                {
                    var created = await registrar.RegisterAsync(client, cancellationToken);
                    LogRegistered(logger, client.ClientId, client.Tenant, created ? "created" : "updated");
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "API clients from configuration not registered yet, the schema is not ready ({Reason}); retrying until it is")]
    private static partial void LogWaitingForSchema(ILogger logger, string reason);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "API client {ClientId} of tenant {Tenant} {Outcome} from configuration")]
    private static partial void LogRegistered(ILogger logger, string clientId, string tenant, string outcome);

    public void Dispose() => _stopping.Dispose();
}
