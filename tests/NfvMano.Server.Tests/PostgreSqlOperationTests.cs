using System.Net;
using Npgsql;
using NfvMano.Persistence.Configuration;
using NfvMano.Testing;

namespace NfvMano.Server.Tests;

/// <summary>How the server behaves on PostgreSQL, its production database: outages and explicit migration.</summary>
public sealed class PostgreSqlOperationTests
{
    [PostgresFact]
    public async Task Readiness_DuringADatabaseOutage_FailsAndRecoversWithoutRestart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var real = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, real.Port));
        proxy.Start();
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ToString();
        await using var server = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["Database:ConnectionString"] = throughProxy });
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        proxy.Cut();
        var during = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var liveDuring = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        proxy.Start();
        var recovered = await PollAsync(client, "/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains("unreachable", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, liveDuring.StatusCode);
        Assert.True(recovered, "readiness did not recover after the database came back");
    }

    [PostgresFact]
    public async Task Server_OnPostgreSql_DoesNotMigrateOnStart_UntilTheMigrateCommandRuns()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = database.ConnectionString,
        };
        using var server = new ServerProcess(environment);
        using var client = await server.StartServingAsync(TimeSpan.FromSeconds(60), authorize: false);

        var before = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var migrate = new ServerProcess(environment, "migrate");
        var (exitCode, stdout, stderr) = await migrate.RunToExitAsync(TimeSpan.FromSeconds(60));
        var after = await PollAsync(client, "/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("nfvmano-server migrate", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"migrate failed ({exitCode}): {stdout} {stderr}");
        Assert.True(after, "the running server did not become ready once the schema was migrated");
        // The API clients from configuration are registered once the schema is there, without a restart.
        var token = false;
        for (var i = 0; i < 50 && !token; i++)
        {
            try
            {
                await NfvMano.Testing.TestApiClient.AuthorizeAsync(client);
                token = true;
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(200);
            }
        }
        Assert.True(token, "no token for the configured client after migrate");
    }

    private static async Task<bool> PollAsync(HttpClient client, string path, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == expected)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }
            await Task.Delay(250);
        }
        return false;
    }
}
