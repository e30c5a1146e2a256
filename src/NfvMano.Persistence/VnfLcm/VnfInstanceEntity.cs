using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.VnfLcm;

/// <summary>A VNF instance (SOL003 <c>VnfInstance</c>): its identity, the VNFD it comes from and what it holds.</summary>
public sealed class VnfInstanceEntity : IVersioned
{
    /// <summary>The instance id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the instance.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>Human-readable name.</summary>
    public string? Name { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Description { get; set; }

    /// <summary>The VNFD the instance is made from.</summary>
    public string VnfdId { get; set; } = "";

    /// <summary>The VNFD version.</summary>
    public string VnfdVersion { get; set; } = "";

    /// <summary>The package holding the VNFD.</summary>
    public Guid VnfPkgId { get; set; }

    /// <summary>Provider of the VNF.</summary>
    public string VnfProvider { get; set; } = "";

    /// <summary>Product name of the VNF.</summary>
    public string VnfProductName { get; set; } = "";

    /// <summary>Software version of the VNF.</summary>
    public string VnfSoftwareVersion { get; set; } = "";

    /// <summary>NOT_INSTANTIATED or INSTANTIATED.</summary>
    public string InstantiationState { get; set; } = "NOT_INSTANTIATED";

    /// <summary>What the instance holds on the VIM and where it landed (JSON), while instantiated.</summary>
    public string? InstantiatedJson { get; set; }

    /// <summary>User metadata (JSON object).</summary>
    public string MetadataJson { get; set; } = "{}";

    /// <summary>User extensions (JSON object).</summary>
    public string ExtensionsJson { get; set; } = "{}";

    /// <summary>The operation occurrence currently running on the instance, if any.</summary>
    public Guid? CurrentOpOccId { get; set; }

    /// <summary>When the instance was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the instance last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class VnfInstanceEntityConfiguration : IEntityTypeConfiguration<VnfInstanceEntity>
{
    public void Configure(EntityTypeBuilder<VnfInstanceEntity> builder)
    {
        builder.ToTable("vnf_instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(i => i.Name).HasMaxLength(256);
        builder.Property(i => i.VnfdId).HasMaxLength(256).IsRequired();
        builder.Property(i => i.VnfdVersion).HasMaxLength(128).IsRequired();
        builder.Property(i => i.VnfProvider).HasMaxLength(256).IsRequired();
        builder.Property(i => i.VnfProductName).HasMaxLength(256).IsRequired();
        builder.Property(i => i.VnfSoftwareVersion).HasMaxLength(128).IsRequired();
        builder.Property(i => i.InstantiationState).HasMaxLength(32).IsRequired();
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.TenantId, i.CreatedAt });
        builder.HasIndex(i => i.VnfPkgId);
    }
}
