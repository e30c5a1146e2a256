using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Csar;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.Packages;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Testing;
using NfvMano.Vim;
using NfvMano.Vim.Libvirt;
using NfvMano.Vim.Reconciliation;
using NfvMano.Workflows.Engine;

namespace NfvMano.Lifecycle.Tests.VnfLcm;

/// <summary>
/// The VNFM on a real database (the run's provider) and libvirt's test driver: hosts built from a real two-socket
/// server's capabilities with SR-IOV NICs on physnet-data1 (cell 0) and physnet-data2 (cell 1). Runs are driven by
/// the workflow engine in the background, as Quartz would.
/// </summary>
internal sealed class VnfLcmHarness : IAsyncDisposable
{
    private readonly ConcurrentBag<Task> _runs = [];

    private VnfLcmHarness(TestDatabase database, ServiceProvider services, FaultyVim vim, LibvirtVimDriver libvirt)
    {
        Database = database;
        Services = services;
        Vim = vim;
        Libvirt = libvirt;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public FaultyVim Vim { get; }

    public LibvirtVimDriver Libvirt { get; }

    /// <param name="hosts">How many hosts.</param>
    /// <param name="nodeFile">The test-driver node file: <c>node-2numa-sriov.xml</c> has one NIC per cell,
    /// <c>node-both-nics-on-cell0.xml</c> both NICs on cell 0 (where a one-cell guest with VFs on both physical
    /// networks, like the sample firewall, can fit).</param>
    public static async Task<VnfLcmHarness> CreateAsync(int hosts, string nodeFile = "node-both-nics-on-cell0.xml")
    {
        var database = await TestDatabase.CreateAsync();
        var libvirt = new LibvirtVimDriver(new LibvirtVimOptions
        {
            Hosts = [.. Enumerable.Range(1, hosts).Select(i => new LibvirtHostOptions
            {
                Id = $"compute-{i}",
                Uri = NodeFileUri(nodeFile),
                DomainType = "test",
                CapabilitiesFile = Path.Combine(AppContext.BaseDirectory, "VnfLcm", "Fixtures", "caps-2s-xeon-smt-2m-1g.xml"),
                StoragePool = "nfv-pool",
                PhysicalNetworks = new() { ["0000:3b:00.0"] = "physnet-data1", ["0000:af:00.0"] = "physnet-data2" },
            })],
        });
        var vim = new FaultyVim(libvirt);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NfvMano:VnfLcm:DefaultGracefulStopTimeout"] = "00:00:01",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddNfvManoSqlite(database.ConnectionString);
        }
        else
        {
            services.AddNfvManoPostgreSql(database.ConnectionString);
        }
        services.AddSingleton(Options.Create(new WorkflowOptions { NodeId = "test-node", MaxAttempts = 2, RetryBaseDelay = TimeSpan.Zero }));
        services.AddSingleton<WorkflowEngine>();
        services.AddSingleton<IVimDriver>(vim);
        services.AddNfvManoVnfLcm();
        VnfLcmHarness? harness = null;
        services.AddSingleton<IWorkflowDispatcher>(sp => new BackgroundDispatcher(() => sp.GetRequiredService<WorkflowEngine>(), t => harness!._runs.Add(t)));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        harness = new VnfLcmHarness(database, provider, vim, libvirt);
        await harness.DbAsync(async db => { await db.Database.MigrateAsync(); return 0; });
        return harness;
    }

    /// <summary>Stores a sample package of <c>descriptors/</c> as ONBOARDED and ENABLED; returns its VNFD id.</summary>
    public async Task<string> OnboardAsync(string sample)
    {
        var zip = Samples.Zip(sample);
        var vnfd = CsarReader.Read(new MemoryStream(zip)).Vnfd ?? throw new InvalidOperationException($"{sample} does not parse");
        await DbAsync(async db =>
        {
            var id = Guid.NewGuid();
            db.VnfPackages.Add(new VnfPackageEntity
            {
                Id = id,
                OnboardingState = "ONBOARDED",
                OperationalState = "ENABLED",
                VnfdId = vnfd.DescriptorId,
                VnfProvider = vnfd.Provider,
                VnfProductName = vnfd.ProductName,
                VnfSoftwareVersion = vnfd.SoftwareVersion,
                VnfdVersion = vnfd.DescriptorVersion,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.VnfPackageContents.Add(new VnfPackageContentEntity { PackageId = id, Content = zip });
            return await db.SaveChangesAsync();
        });
        return vnfd.DescriptorId;
    }

    public async Task<T> LcmAsync<T>(Func<VnfLcmService, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<VnfLcmService>());
    }

    public async Task<T> DbAsync<T>(Func<NfvManoDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<NfvManoDbContext>());
    }

    /// <summary>Waits until the occurrence reaches one of the given states.</summary>
    public async Task<VnfLcmOpOccEntity> WaitAsync(Guid opOccId, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var occ = await DbAsync(db => db.VnfLcmOpOccs.AsNoTracking().SingleAsync(o => o.Id == opOccId));
            if (states.Contains(occ.OperationState))
            {
                // The runner may still be releasing its lease; let it finish so a following control call sees a quiet run.
                await Task.WhenAll(_runs);
                return occ;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"operation {opOccId} is {occ.OperationState}, not {string.Join("/", states)}, after 60 s");
            }
            await Task.Delay(50);
        }
    }

    public async Task<InstantiatedVnf?> StateAsync(Guid instanceId) =>
        InstantiatedVnf.Parse((await DbAsync(db => db.VnfInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId))).InstantiatedJson);

    public Task<OwnedResources> OwnedAsync() => Libvirt.ListOwnedAsync(CancellationToken.None);

    /// <summary>Compares what the VIM holds with what the database says it must hold.</summary>
    public async Task<ReconciliationReport> ReconcileAsync()
    {
        var expected = await DbAsync(db => VnfLcmExpectedResources.ComputeAsync(db, CancellationToken.None));
        return await VimReconciler.ReconcileAsync(Libvirt, expected, removeOrphans: false, CancellationToken.None);
    }

    public Task<List<PlacementClaimEntity>> ClaimsAsync() => DbAsync(db => db.PlacementClaims.AsNoTracking().ToListAsync());

    /// <summary>Notifications in the outbox, as (type, body), oldest first.</summary>
    public async Task<List<(string Type, JsonObject Notification)>> NotificationsAsync()
    {
        var rows = await DbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync());
        return [.. rows.Select(r => (r.Type, (JsonNode.Parse(r.PayloadJson)!["notification"] as JsonObject)!))];
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_runs);
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static string NodeFileUri(string nodeFile)
    {
        var dir = Directory.CreateTempSubdirectory("nfvmano-vnflcm-test-");
        var target = Path.Combine(dir.FullName, "node.xml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "VnfLcm", "Fixtures", nodeFile), target);
        return "test://" + target;
    }

    private sealed class BackgroundDispatcher(Func<WorkflowEngine> engine, Action<Task> track) : IWorkflowDispatcher
    {
        public Task DispatchAsync(Guid runId, CancellationToken cancellationToken)
        {
            track(Task.Run(() => engine().RunAsync(runId, CancellationToken.None), CancellationToken.None));
            return Task.CompletedTask;
        }
    }
}
