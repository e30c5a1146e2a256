using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Security.Configuration;

namespace NfvMano.Security.Clients;

/// <summary>
/// Registers the clients of <c>NfvMano:Security:Clients</c> as the server starts (after migrations), so automation
/// gets a token with no manual step. Runs in <see cref="StartAsync"/>: the server answers no request before its
/// configured clients exist.
/// </summary>
internal sealed partial class ConfiguredClientsSeeder(
    IServiceScopeFactory scopes, IOptions<SecurityOptions> options, ILogger<ConfiguredClientsSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var client in options.Value.Clients)
        {
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "API client {ClientId} of tenant {Tenant} {Outcome} from configuration")]
    private static partial void LogRegistered(ILogger logger, string clientId, string tenant, string outcome);
}
