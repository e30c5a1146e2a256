using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Grants;

/// <summary>
/// A grant the NFVO gave (SOL003 <c>Grant</c>): kept so that a VNFM can read it again and so that a repeated request
/// for the same operation occurrence gets the same answer. The claims it made live in <c>placement_claims</c>.
/// </summary>
public sealed class GrantEntity
{
    /// <summary>The grant id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant of the VNFM that asked.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>The VNF instance the grant is for (the VNFM's id; it need not be an instance of this VNFM).</summary>
    public Guid VnfInstanceId { get; set; }

    /// <summary>The VNFM's operation occurrence the grant is for.</summary>
    public Guid VnfLcmOpOccId { get; set; }

    /// <summary>The granted operation, e.g. INSTANTIATE.</summary>
    public string Operation { get; set; } = "";

    /// <summary>The grant as answered (SOL003 <c>Grant</c> JSON without links).</summary>
    public string GrantJson { get; set; } = "{}";

    /// <summary>When it was granted.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class GrantEntityConfiguration : IEntityTypeConfiguration<GrantEntity>
{
    public void Configure(EntityTypeBuilder<GrantEntity> builder)
    {
        builder.ToTable("grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(g => g.Operation).HasMaxLength(64).IsRequired();
        builder.HasIndex(g => new { g.TenantId, g.VnfLcmOpOccId }).IsUnique();
    }
}
