using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>
/// The real server in-process on Kestrel at a loopback port (a browser cannot reach the in-memory test server), on a
/// database of its own, with a configured first admin password, and three (or <see cref="HostCount"/>) libvirt test-driver hosts described as
/// two-socket servers whose two SR-IOV NICs share cell 0 — where the firewall's <c>standard</c> flavour fits (on the
/// embedded default hosts, one NIC per cell, it does not: it wants both physnets on its one cell).
/// </summary>
public class ConsoleServer : WebApplicationFactory<Program>, IAsyncLifetime
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
        for (var i = 0; i < HostCount; i++)
        {
            var prefix = $"NfvMano:Vim:Libvirt:Hosts:{i}:";
            builder.UseSetting(prefix + "Id", $"compute-{i + 1}");
            builder.UseSetting(prefix + "Uri", "test://" + Samples.RepositoryFile("tests", "NfvMano.Lifecycle.Tests", "VnfLcm", "Fixtures", "node-both-nics-on-cell0.xml"));
            builder.UseSetting(prefix + "DomainType", "test");
            builder.UseSetting(prefix + "CapabilitiesFile", Samples.RepositoryFile("tests", "NfvMano.Lifecycle.Tests", "VnfLcm", "Fixtures", "caps-2s-xeon-smt-2m-1g.xml"));
            builder.UseSetting(prefix + "StoragePool", "nfv-pool");
            builder.UseSetting(prefix + "PhysicalNetworks:ens1f0", "physnet-data1");
            builder.UseSetting(prefix + "PhysicalNetworks:ens2f0", "physnet-data2");
        }

        foreach (var (key, value) in TestApiClient.Settings())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in MoreSettings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>How many libvirt test-driver hosts the server has.</summary>
    protected virtual int HostCount => 3;

    /// <summary>Settings a kind of server adds to the common ones.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> MoreSettings() => [];

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
