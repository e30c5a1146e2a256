using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Packages;

/// <summary>A VNF package of the catalogue, with the SOL005 states and what onboarding read from it.</summary>
public sealed class VnfPackageEntity : IVersioned
{
    /// <summary>The package id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the package.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>SOL005 onboarding state: CREATED, UPLOADING, PROCESSING, ONBOARDED, ERROR.</summary>
    public string OnboardingState { get; set; } = "CREATED";

    /// <summary>SOL005 operational state: ENABLED or DISABLED.</summary>
    public string OperationalState { get; set; } = "DISABLED";

    /// <summary>SOL005 usage state: IN_USE or NOT_IN_USE.</summary>
    public string UsageState { get; set; } = "NOT_IN_USE";

    /// <summary>The VNFD id read from the package, once onboarded.</summary>
    public string? VnfdId { get; set; }

    /// <summary>The VNF provider read from the package.</summary>
    public string? VnfProvider { get; set; }

    /// <summary>The VNF product name read from the package.</summary>
    public string? VnfProductName { get; set; }

    /// <summary>The VNF software version read from the package.</summary>
    public string? VnfSoftwareVersion { get; set; }

    /// <summary>The VNFD version read from the package.</summary>
    public string? VnfdVersion { get; set; }

    /// <summary>Digest algorithm of the package archive.</summary>
    public string? ChecksumAlgorithm { get; set; }

    /// <summary>Digest of the package archive, lower-case hex.</summary>
    public string? ChecksumHash { get; set; }

    /// <summary>User-defined data as a JSON object.</summary>
    public string UserDefinedDataJson { get; set; } = "{}";

    /// <summary>Why onboarding failed, as a JSON ProblemDetails; null unless it failed.</summary>
    public string? OnboardingFailureDetailsJson { get; set; }

    /// <summary>What onboarding read from the package (descriptor model, artifacts), as JSON.</summary>
    public string? DescriptorJson { get; set; }

    /// <summary>The software images onboarding found (SOL005 <c>VnfPackageSoftwareImageInfo</c> array), as JSON.</summary>
    public string? SoftwareImagesJson { get; set; }

    /// <summary>The other artifacts onboarding found (SOL005 <c>VnfPackageArtifactInfo</c> array), as JSON.</summary>
    public string? AdditionalArtifactsJson { get; set; }

    /// <summary>
    /// Where to fetch the content from (an <c>UploadVnfPkgFromUriRequest</c>, as JSON) while an upload from a URI
    /// is pending; null otherwise. Kept in the row so a restarted server still performs the upload.
    /// </summary>
    public string? PendingUploadJson { get; set; }

    /// <summary>
    /// Until when the server process working on the package (upload from URI or onboarding) holds it; another
    /// process takes over once this has passed, so a crash never leaves a package stuck.
    /// </summary>
    public DateTimeOffset? WorkLeaseExpiresAt { get; set; }

    /// <summary>When the package info was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the package info last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

/// <summary>The uploaded archive of a package.</summary>
public sealed class VnfPackageContentEntity
{
    /// <summary>The package the archive belongs to.</summary>
    public Guid PackageId { get; set; }

    /// <summary>The archive as uploaded.</summary>
    public byte[] Content { get; set; } = [];

    /// <summary>The archive's media type as uploaded.</summary>
    public string ContentType { get; set; } = "application/zip";
}

internal sealed class VnfPackageEntityConfiguration : IEntityTypeConfiguration<VnfPackageEntity>
{
    public void Configure(EntityTypeBuilder<VnfPackageEntity> builder)
    {
        builder.ToTable("vnf_packages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(p => p.OnboardingState).HasMaxLength(32).IsRequired();
        builder.Property(p => p.OperationalState).HasMaxLength(32).IsRequired();
        builder.Property(p => p.UsageState).HasMaxLength(32).IsRequired();
        builder.Property(p => p.VnfdId).HasMaxLength(256);
        builder.Property(p => p.VnfProvider).HasMaxLength(256);
        builder.Property(p => p.VnfProductName).HasMaxLength(256);
        builder.Property(p => p.VnfSoftwareVersion).HasMaxLength(128);
        builder.Property(p => p.VnfdVersion).HasMaxLength(128);
        builder.Property(p => p.ChecksumAlgorithm).HasMaxLength(32);
        builder.Property(p => p.ChecksumHash).HasMaxLength(256);
        builder.Property(p => p.Version).IsConcurrencyToken();
        // A VNFD id is unique per tenant, not globally: two tenants may onboard the same product.
        builder.HasIndex(p => new { p.TenantId, p.VnfdId }).IsUnique();
        builder.HasIndex(p => p.CreatedAt);
        builder.HasIndex(p => p.OnboardingState);
    }
}

internal sealed class VnfPackageContentEntityConfiguration : IEntityTypeConfiguration<VnfPackageContentEntity>
{
    public void Configure(EntityTypeBuilder<VnfPackageContentEntity> builder)
    {
        builder.ToTable("vnf_package_contents");
        builder.HasKey(c => c.PackageId);
        builder.Property(c => c.ContentType).HasMaxLength(128).IsRequired();
        builder.HasOne<VnfPackageEntity>().WithOne().HasForeignKey<VnfPackageContentEntity>(c => c.PackageId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
