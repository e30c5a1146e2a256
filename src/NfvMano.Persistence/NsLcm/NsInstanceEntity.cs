using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.NsLcm;

/// <summary>An NS instance (SOL005 <c>NsInstance</c>): the NSD it comes from, its state and what it holds.</summary>
public sealed class NsInstanceEntity : IVersioned
{
    /// <summary>The instance id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the instance.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>Human-readable name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Human-readable description.</summary>
    public string Description { get; set; } = "";

    /// <summary>The NSD's own id (<c>descriptor_id</c>).</summary>
    public string NsdId { get; set; } = "";

    /// <summary>The NSD info (catalogue entry) the instance is made from.</summary>
    public Guid NsdInfoId { get; set; }

    /// <summary>NOT_INSTANTIATED or INSTANTIATED.</summary>
    public string NsState { get; set; } = "NOT_INSTANTIATED";

    /// <summary>The NS deployment flavour, once instantiated.</summary>
    public string? FlavourId { get; set; }

    /// <summary>NS virtual links, SAPs, VNFFGs and scale status (JSON), while instantiated.</summary>
    public string? InstantiatedJson { get; set; }

    /// <summary>The operation occurrence currently open on the instance, if any.</summary>
    public Guid? CurrentOpOccId { get; set; }

    /// <summary>When the instance was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the instance last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class NsInstanceEntityConfiguration : IEntityTypeConfiguration<NsInstanceEntity>
{
    public void Configure(EntityTypeBuilder<NsInstanceEntity> builder)
    {
        builder.ToTable("ns_instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(i => i.Name).HasMaxLength(256).IsRequired();
        builder.Property(i => i.NsdId).HasMaxLength(256).IsRequired();
        builder.Property(i => i.NsState).HasMaxLength(32).IsRequired();
        builder.Property(i => i.FlavourId).HasMaxLength(256);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.TenantId, i.CreatedAt });
        builder.HasIndex(i => i.NsdInfoId);
    }
}
