using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>
/// The real server in-process on Kestrel at a loopback port (a browser cannot reach the in-memory test server), on a
/// database of its own, with the embedded VIM (three libvirt test-driver hosts) and a configured first admin password.
/// </summary>
public sealed class ConsoleServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The first admin's password from configuration (it must still be changed at first sign-in).</summary>
    public const string InitialAdminPassword = "first-Admin-pass-7319";

    private TestDatabase? _database;

    /// <summary>Where the browser reaches the server, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.FirstOrDefault(a => a.Contains("127.0.0.1", StringComparison.Ordinal)) ?? addresses.First();
        Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>A service of the running server in a scope of its own.</summary>
    public async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _database!.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("NfvMano:Console:InitialAdminPassword", InitialAdminPassword);
        builder.UseSetting("NfvMano:Notifications:TestCallbackOnCreate", "false");
        foreach (var (key, value) in TestApiClient.Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
