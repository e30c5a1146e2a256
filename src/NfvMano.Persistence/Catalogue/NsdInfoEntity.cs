using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Catalogue;

/// <summary>An NS descriptor of the catalogue (SOL005 <c>NsdInfo</c>), with its states and what onboarding read.</summary>
public sealed class NsdInfoEntity : IVersioned
{
    /// <summary>The NSD info id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the NSD.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>SOL005 onboarding state: CREATED, UPLOADING, PROCESSING, ONBOARDED, ERROR.</summary>
    public string OnboardingState { get; set; } = "CREATED";

    /// <summary>SOL005 operational state: ENABLED or DISABLED.</summary>
    public string OperationalState { get; set; } = "DISABLED";

    /// <summary>SOL005 usage state: IN_USE or NOT_IN_USE.</summary>
    public string UsageState { get; set; } = "NOT_IN_USE";

    /// <summary>The NSD id (<c>descriptor_id</c>) read from the descriptor, once onboarded.</summary>
    public string? NsdId { get; set; }

    /// <summary>The NSD name read from the descriptor.</summary>
    public string? NsdName { get; set; }

    /// <summary>The NSD version read from the descriptor.</summary>
    public string? NsdVersion { get; set; }

    /// <summary>The NSD designer read from the descriptor.</summary>
    public string? NsdDesigner { get; set; }

    /// <summary>The NSD invariant id read from the descriptor.</summary>
    public string? NsdInvariantId { get; set; }

    /// <summary>Ids of the VNF packages whose VNFDs the NSD names (a JSON array of strings).</summary>
    public string VnfPkgIdsJson { get; set; } = "[]";

    /// <summary>User-defined data as a JSON object.</summary>
    public string UserDefinedDataJson { get; set; } = "{}";

    /// <summary>Why onboarding failed, as a JSON ProblemDetails; null unless it failed.</summary>
    public string? OnboardingFailureDetailsJson { get; set; }

    /// <summary>What onboarding read from the descriptor (entry file, definition files, artifacts), as JSON.</summary>
    public string? DescriptorJson { get; set; }

    /// <summary>Until when the server process onboarding the NSD holds it; another takes over after that.</summary>
    public DateTimeOffset? WorkLeaseExpiresAt { get; set; }

    /// <summary>When the NSD info was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the NSD info last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

/// <summary>The uploaded content of an NSD: a zip archive or a single YAML file.</summary>
public sealed class NsdContentEntity
{
    /// <summary>The NSD info the content belongs to.</summary>
    public Guid NsdInfoId { get; set; }

    /// <summary>The content as uploaded.</summary>
    public byte[] Content { get; set; } = [];

    /// <summary>The content's media type as uploaded (<c>application/zip</c> or <c>text/plain</c>).</summary>
    public string ContentType { get; set; } = "application/zip";
}

internal sealed class NsdInfoEntityConfiguration : IEntityTypeConfiguration<NsdInfoEntity>
{
    public void Configure(EntityTypeBuilder<NsdInfoEntity> builder)
    {
        builder.ToTable("nsd_infos");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(n => n.OnboardingState).HasMaxLength(32).IsRequired();
        builder.Property(n => n.OperationalState).HasMaxLength(32).IsRequired();
        builder.Property(n => n.UsageState).HasMaxLength(32).IsRequired();
        builder.Property(n => n.NsdId).HasMaxLength(256);
        builder.Property(n => n.NsdName).HasMaxLength(256);
        builder.Property(n => n.NsdVersion).HasMaxLength(128);
        builder.Property(n => n.NsdDesigner).HasMaxLength(256);
        builder.Property(n => n.NsdInvariantId).HasMaxLength(256);
        builder.Property(n => n.Version).IsConcurrencyToken();
        // Like VNFD ids, an NSD id is unique per tenant.
        builder.HasIndex(n => new { n.TenantId, n.NsdId }).IsUnique();
        builder.HasIndex(n => n.CreatedAt);
        builder.HasIndex(n => n.OnboardingState);
    }
}

internal sealed class NsdContentEntityConfiguration : IEntityTypeConfiguration<NsdContentEntity>
{
    public void Configure(EntityTypeBuilder<NsdContentEntity> builder)
    {
        builder.ToTable("nsd_contents");
        builder.HasKey(c => c.NsdInfoId);
        builder.Property(c => c.ContentType).HasMaxLength(128).IsRequired();
        builder.HasOne<NsdInfoEntity>().WithOne().HasForeignKey<NsdContentEntity>(c => c.NsdInfoId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
