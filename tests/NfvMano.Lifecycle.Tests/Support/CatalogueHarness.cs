using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.Nsds;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Persistence;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Support;

/// <summary>
/// The catalogue as the server composes it (<c>AddNfvManoCatalogue</c>) on a migrated database of its own, with the
/// background workers not started: tests drive onboarding and delivery rounds themselves, one at a time.
/// </summary>
public sealed class CatalogueHarness : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private CatalogueHarness(TestDatabase database, ServiceProvider services, bool ownsDatabase)
    {
        Database = database;
        Services = services;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public static async Task<CatalogueHarness> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, TestDatabase? existing = null)
    {
        var database = existing ?? await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["NfvMano:Notifications:InitialBackoff"] = "00:00:00.001",
                ["NfvMano:Notifications:MaxBackoff"] = "00:00:00.005",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddNfvManoPersistence(options =>
        {
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                SqlitePersistence.Configure(options, database.ConnectionString);
            }
            else
            {
                PostgreSqlPersistence.Configure(options, database.ConnectionString);
            }
        });
        services.AddNfvManoCatalogue();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NfvManoDbContext>().Database.MigrateAsync();
        }

        return new CatalogueHarness(database, provider, ownsDatabase: existing is null);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work) =>
        InScopeAsync(async sp =>
        {
            await work(sp);
            return true;
        });

    public Task<T> VnfPackagesAsync<T>(Func<VnfPackageCatalogue, Task<T>> work) =>
        InScopeAsync(sp => work(sp.GetRequiredService<VnfPackageCatalogue>()));

    public Task<T> NsdsAsync<T>(Func<NsdCatalogue, Task<T>> work) =>
        InScopeAsync(sp => work(sp.GetRequiredService<NsdCatalogue>()));

    public Task<T> DbAsync<T>(Func<NfvManoDbContext, Task<T>> work) =>
        InScopeAsync(sp => work(sp.GetRequiredService<NfvManoDbContext>()));

    /// <summary>Runs onboarding rounds until no package or NSD is waiting.</summary>
    public async Task OnboardAllAsync()
    {
        while (await InScopeAsync(sp => sp.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(CancellationToken.None))
            | await InScopeAsync(sp => sp.GetRequiredService<NsdOnboarder>().RunOnceAsync(CancellationToken.None)))
        {
        }
    }

    /// <summary>Creates a package, uploads a sample and onboards it; returns its id.</summary>
    public async Task<Guid> OnboardVnfPackageAsync(string sample)
    {
        var package = await VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
        await VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, package.Id, new MemoryStream(Samples.Zip(sample)), "application/zip", CancellationToken.None);
            return true;
        });
        await OnboardAllAsync();
        return package.Id;
    }

    /// <summary>Fans out and delivers notifications until nothing is left to do before the deadline.</summary>
    public async Task DeliverUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("notification delivery did not reach the expected state in time");
            }

            await InScopeAsync(async sp =>
            {
                var dispatcher = sp.GetRequiredService<NotificationDispatcher>();
                await dispatcher.FanOutAsync(CancellationToken.None);
                await dispatcher.DeliverDueAsync(CancellationToken.None);
            });
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
