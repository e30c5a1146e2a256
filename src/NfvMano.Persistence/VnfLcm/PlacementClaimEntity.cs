using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.VnfLcm;

/// <summary>
/// A live placement claim: the exact CPUs, pages and VFs one VNFC holds on a host. The placement engine is rebuilt
/// from these rows inside every grant; a released claim's row is deleted, so an empty table means nothing leaks.
/// </summary>
public sealed class PlacementClaimEntity
{
    /// <summary>The placement request id (the VNFC id).</summary>
    public string RequestId { get; set; } = "";

    /// <summary>Order of claiming; replays apply claims in this order.</summary>
    public long Sequence { get; set; }

    /// <summary>The VNF instance the VNFC belongs to.</summary>
    public Guid VnfInstanceId { get; set; }

    /// <summary>The operation occurrence whose grant made the claim.</summary>
    public Guid OpOccId { get; set; }

    /// <summary>The host.</summary>
    public string Host { get; set; } = "";

    /// <summary>The placement assignment (JSON).</summary>
    public string AssignmentJson { get; set; } = "{}";

    /// <summary>When the claim was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The single row every grant updates first: on PostgreSQL the row lock, on SQLite the write lock, serialises
/// grants so two of them never decide on the same free capacity.
/// </summary>
public sealed class PlacementLockEntity
{
    /// <summary>Always 1.</summary>
    public int Id { get; set; }

    /// <summary>Incremented by every grant (the last claim sequence handed out).</summary>
    public long Sequence { get; set; }
}

internal sealed class PlacementClaimEntityConfiguration : IEntityTypeConfiguration<PlacementClaimEntity>
{
    public void Configure(EntityTypeBuilder<PlacementClaimEntity> builder)
    {
        builder.ToTable("placement_claims");
        builder.HasKey(c => c.RequestId);
        builder.Property(c => c.RequestId).HasMaxLength(128);
        builder.Property(c => c.Host).HasMaxLength(256).IsRequired();
        builder.HasIndex(c => c.VnfInstanceId);
        builder.HasIndex(c => c.OpOccId);
    }
}

internal sealed class PlacementLockEntityConfiguration : IEntityTypeConfiguration<PlacementLockEntity>
{
    public void Configure(EntityTypeBuilder<PlacementLockEntity> builder)
    {
        builder.ToTable("placement_lock");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasData(new PlacementLockEntity { Id = 1, Sequence = 0 });
    }
}
