using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NfvMano.Persistence.Configuration;
using NfvMano.Testing;

namespace NfvMano.Server.Tests;

/// <summary>The real server in-process, on a database of its own, with extra settings per test.</summary>
public sealed class NfvManoServerFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The database this server uses.</summary>
    public TestDatabase Database { get; } = database;

    private string? _accessToken;

    /// <summary>A real access token of the test client (every scope, tenant <c>default</c>), fetched once.</summary>
    public string AccessToken => _accessToken ??= Task.Run(() => TestApiClient.RequestTokenAsync(Server.CreateClient())).GetAwaiter().GetResult();

    /// <summary>Every client of the factory authenticates as the test client; <c>Server.CreateClient()</c> does not.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AccessToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        foreach (var (key, value) in TestApiClient.Settings())
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
