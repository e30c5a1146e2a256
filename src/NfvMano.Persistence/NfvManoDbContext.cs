using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NfvMano.Persistence;

/// <summary>
/// The one EF Core model of NfvMano. Provider-specific projects hold the migrations
/// (<c>NfvMano.Persistence.Sqlite</c>, <c>NfvMano.Persistence.PostgreSql</c>).
/// </summary>
public sealed partial class NfvManoDbContext(DbContextOptions<NfvManoDbContext> options) : DbContext(options)
{
    /// <summary>Name of the SQLite provider, as EF Core reports it.</summary>
    public const string SqliteProviderName = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>VNF packages of the catalogue (SOL005 vnfpkgm).</summary>
    public DbSet<Packages.VnfPackageEntity> VnfPackages => Set<Packages.VnfPackageEntity>();

    /// <summary>Uploaded package archives, kept apart so listing packages never loads content.</summary>
    public DbSet<Packages.VnfPackageContentEntity> VnfPackageContents => Set<Packages.VnfPackageContentEntity>();

    /// <summary>NS descriptors of the catalogue (SOL005 nsd).</summary>
    public DbSet<Catalogue.NsdInfoEntity> NsdInfos => Set<Catalogue.NsdInfoEntity>();

    /// <summary>Uploaded NSD contents, kept apart so listing NSDs never loads content.</summary>
    public DbSet<Catalogue.NsdContentEntity> NsdContents => Set<Catalogue.NsdContentEntity>();

    /// <summary>Notification subscriptions of every API.</summary>
    public DbSet<Catalogue.SubscriptionEntity> Subscriptions => Set<Catalogue.SubscriptionEntity>();

    /// <summary>Notifications on their way to subscribers.</summary>
    public DbSet<Catalogue.NotificationDeliveryEntity> NotificationDeliveries => Set<Catalogue.NotificationDeliveryEntity>();

    /// <summary>Durable workflow runs.</summary>
    public DbSet<Workflows.WorkflowRunEntity> WorkflowRuns => Set<Workflows.WorkflowRunEntity>();

    /// <summary>Steps of the workflow runs.</summary>
    public DbSet<Workflows.WorkflowStepEntity> WorkflowSteps => Set<Workflows.WorkflowStepEntity>();

    /// <summary>Messages committed with the state changes they report, awaiting delivery.</summary>
    public DbSet<Workflows.OutboxMessageEntity> OutboxMessages => Set<Workflows.OutboxMessageEntity>();

    /// <summary>VNF instances (SOL003 vnflcm).</summary>
    public DbSet<VnfLcm.VnfInstanceEntity> VnfInstances => Set<VnfLcm.VnfInstanceEntity>();

    /// <summary>VNF LCM operation occurrences.</summary>
    public DbSet<VnfLcm.VnfLcmOpOccEntity> VnfLcmOpOccs => Set<VnfLcm.VnfLcmOpOccEntity>();

    /// <summary>Live placement claims, from which grants rebuild the placement engine.</summary>
    public DbSet<VnfLcm.PlacementClaimEntity> PlacementClaims => Set<VnfLcm.PlacementClaimEntity>();

    /// <summary>The row that serialises grants.</summary>
    public DbSet<VnfLcm.PlacementLockEntity> PlacementLock => Set<VnfLcm.PlacementLockEntity>();

    /// <summary>Grants given to VNFMs (SOL003 grant/v1).</summary>
    public DbSet<Grants.GrantEntity> Grants => Set<Grants.GrantEntity>();

    /// <summary>NS instances (SOL005 nslcm).</summary>
    public DbSet<NsLcm.NsInstanceEntity> NsInstances => Set<NsLcm.NsInstanceEntity>();

    /// <summary>NS LCM operation occurrences.</summary>
    public DbSet<NsLcm.NsLcmOpOccEntity> NsLcmOpOccs => Set<NsLcm.NsLcmOpOccEntity>();

    /// <summary>The VNF instances of each NS instance.</summary>
    public DbSet<NsLcm.NsVnfEntity> NsVnfs => Set<NsLcm.NsVnfEntity>();

    /// <summary>Operator accounts of the web console.</summary>
    public DbSet<Console.OperatorAccountEntity> OperatorAccounts => Set<Console.OperatorAccountEntity>();

    /// <summary>The audit trail of state-changing requests and console actions.</summary>
    public DbSet<Audit.AuditEntryEntity> AuditEntries => Set<Audit.AuditEntryEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        // First, so that the configurations below can rename its tables (Security/SecurityModel.cs).
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NfvManoDbContext).Assembly);
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset values stored as text; a sortable
        // integer keeps time filters and ordering in the database on both providers.
        if (Database.ProviderName == SqliteProviderName)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    /// <summary>
    /// Increments the optimistic-concurrency version of every modified versioned entity, so
    /// a stale <c>If-Match</c> or a concurrent writer is detected by the database itself.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

/// <summary>An entity with an optimistic-concurrency version, the source of its ETag.</summary>
public interface IVersioned
{
    /// <summary>Incremented on every update; a concurrency token.</summary>
    long Version { get; set; }
}
