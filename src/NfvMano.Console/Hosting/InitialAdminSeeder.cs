using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Console.Accounts;

namespace NfvMano.Console.Hosting;

/// <summary>
/// At start, creates the <c>admin</c> account when there is no admin. A generated one-time password goes once to
/// standard output (the operator starting the server reads it there), never through the logging pipeline, which may
/// ship log lines elsewhere.
/// </summary>
internal sealed partial class InitialAdminSeeder(
    IServiceScopeFactory scopes,
    IOptions<ConsoleOptions> options,
    ILogger<InitialAdminSeeder> logger,
    TextWriter? output = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<OperatorAccounts>();
            var (created, generated) = await accounts.EnsureInitialAdminAsync(options.Value.InitialAdminPassword, cancellationToken);
            if (!created)
            {
                return;
            }

            if (generated is null)
            {
                LogCreatedFromConfiguration(logger);
                return;
            }

            var writer = output ?? System.Console.Out;
            await writer.WriteLineAsync($"nfvmano-console: created account 'admin' with the one-time password {generated} (shown once; it must be changed at the first sign-in)");
            await writer.FlushAsync(cancellationToken);
            LogCreatedWithOneTimePassword(logger);
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // The schema may not be migrated yet (production migrates with the 'migrate' command); the console then
            // has no admin until the next start after migration.
            LogNotSeeded(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "Console: created account 'admin' with a one-time password printed once to standard output; it must be changed at the first sign-in")]
    private static partial void LogCreatedWithOneTimePassword(ILogger logger);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Console: created account 'admin' with the password from NfvMano:Console:InitialAdminPassword; it must be changed at the first sign-in")]
    private static partial void LogCreatedFromConfiguration(ILogger logger);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Console: could not check for an admin account: {Reason}")]
    private static partial void LogNotSeeded(ILogger logger, string reason);
}
