using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>The development no-auth mode and the <c>clients add</c> admin command, on the real server.</summary>
public sealed partial class ServerModesTests
{
    [Fact]
    public async Task NoAuthMode_WhenConfigured_ActsAsTheConfiguredTenantWithEveryScope_AndWarnsAtStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new LogCapture();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?>
        {
            ["NfvMano:Security:Mode"] = "Disabled",
            ["NfvMano:Security:DisabledTenant"] = "dev",
        }).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var http = factory.Server.CreateClient();

        using var created = await http.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Single((await http.GetFromJsonAsync<JsonArray>("/vnfpkgm/v1/vnf_packages"))!);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("SECURITY DISABLED", StringComparison.Ordinal) && m.Text.Contains("dev", StringComparison.Ordinal));

        // Resources are the configured tenant's: a real client of another tenant does not see them.
        var token = await TestApiClient.RequestTokenAsync(http);
        using var asDefault = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages");
        asDefault.Headers.Authorization = new("Bearer", token);
        Assert.Single((await (await http.SendAsync(asDefault)).Content.ReadFromJsonAsync<JsonArray>())!);
    }

    [Fact]
    public async Task DefaultMode_IsEnabled_AndLogsNoWarning()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new LogCapture();
        await using var factory = new NfvManoServerFactory(database).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var http = factory.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain(logs.Messages, m => m.Text.Contains("SECURITY DISABLED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientsAdd_RegistersAClientWithAGeneratedSecret_ThatGetsATokenOfItsScopesAndTenant()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__MigrateOnStart"] = "true",
        };
        using var command = new ServerProcess(environment, "clients", "add", "--id", "ops", "--scopes", "vnfpkgm:read", "--tenant", "blue");
        var (exitCode, stdout, stderr) = await command.RunToExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"clients add exited with {exitCode}: {stdout} {stderr}");
        Assert.Contains("'ops' of tenant 'blue' created; scopes: vnfpkgm:read", stdout, StringComparison.Ordinal);
        var secret = SecretLine().Match(stdout).Groups[1].Value;
        Assert.True(secret.Length >= 32, stdout);

        await using var factory = new NfvManoServerFactory(database);
        using var http = factory.Server.CreateClient();
        var token = await TestApiClient.RequestTokenAsync(http, "ops", secret);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages");
        read.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(read)).StatusCode);
        using var write = new HttpRequestMessage(HttpMethod.Post, "/vnfpkgm/v1/vnf_packages") { Content = JsonContent.Create(new JsonObject()) };
        write.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(write)).StatusCode);
    }

    [Fact]
    public async Task Migrate_LeavesADataProtectionKeyInTheDatabase_SoServersStartedTogetherShareIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var migrate = new ServerProcess(new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider.ToString(),
            ["Database__ConnectionString"] = database.ConnectionString,
        }, "migrate");
        var (exitCode, stdout, stderr) = await migrate.RunToExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"migrate exited with {exitCode}: {stdout} {stderr}");
        var options = new DbContextOptionsBuilder<NfvMano.Persistence.NfvManoDbContext>();
        _ = database.Provider == NfvMano.Persistence.Configuration.DatabaseProvider.PostgreSql
            ? options.UseNpgsql(database.ConnectionString) : options.UseSqlite(database.ConnectionString);
        await using (var db = new NfvMano.Persistence.NfvManoDbContext(options.Options))
        {
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        }

        // Two servers on that database: a token of one is accepted by the other.
        await using var one = new NfvManoServerFactory(database);
        await using var other = new NfvManoServerFactory(database);
        using var first = one.Server.CreateClient();
        using var second = other.Server.CreateClient();
        var token = await TestApiClient.RequestTokenAsync(first);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages");
        request.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(request)).StatusCode);
        await using var scope = one.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NfvMano.Persistence.NfvManoDbContext>().DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task ClientsAdd_WithAnUnknownScope_ExitsWith2NamingIt()
    {
        using var command = new ServerProcess(new Dictionary<string, string>(), "clients", "add", "--id", "ops", "--scopes", "vnflcm:admin");
        var (exitCode, _, stderr) = await command.RunToExitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(2, exitCode);
        Assert.Contains("vnflcm:admin", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_BeyondItsRatePerMinute_Answers429_BeforeCheckingTheSecret()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["NfvMano:Security:TokenRequestsPerMinute"] = "3" });
        using var http = factory.Server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await TestApiClient.RequestTokenAsync(http);
        }

        using var refused = await http.PostAsync(new Uri("/oauth2/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = TestApiClient.ClientId, ["client_secret"] = "guess-number-four",
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [GeneratedRegex("client secret \\(shown once\\): (\\S+)")]
    private static partial Regex SecretLine();

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
