using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.NsLcm;

/// <summary>
/// A VNF instance that is part of an NS instance. Written by the NS operation step that creates (or adds) the VNF
/// before it waits for the VNF's own operation, so a step re-entered after a crash finds what it already started.
/// </summary>
public sealed class NsVnfEntity
{
    /// <summary>The VNF instance (SOL003 vnflcm).</summary>
    public Guid VnfInstanceId { get; set; }

    /// <summary>The NS instance it belongs to.</summary>
    public Guid NsInstanceId { get; set; }

    /// <summary>The NSD's VNF profile (VNF node) it realises.</summary>
    public string VnfProfileId { get; set; } = "";

    /// <summary>Whether the NS created the VNF instance (and so terminates and deletes it), rather than adopting an existing one.</summary>
    public bool CreatedByNs { get; set; }

    /// <summary>The NS operation occurrence that created or added it.</summary>
    public Guid AddedByOpOccId { get; set; }

    /// <summary>The step of that operation that created or added it.</summary>
    public string AddedByStep { get; set; } = "";

    /// <summary>The VNF LCM operation occurrence an NS step last started on it, if any.</summary>
    public Guid? LastVnfOpOccId { get; set; }

    /// <summary>When it joined the NS.</summary>
    public DateTimeOffset AddedAt { get; set; }
}

internal sealed class NsVnfEntityConfiguration : IEntityTypeConfiguration<NsVnfEntity>
{
    public void Configure(EntityTypeBuilder<NsVnfEntity> builder)
    {
        builder.ToTable("ns_vnfs");
        builder.HasKey(v => v.VnfInstanceId);
        builder.Property(v => v.VnfProfileId).HasMaxLength(256).IsRequired();
        builder.Property(v => v.AddedByStep).HasMaxLength(256).IsRequired();
        builder.HasIndex(v => v.NsInstanceId);
        builder.HasIndex(v => new { v.AddedByOpOccId, v.AddedByStep }).IsUnique();
    }
}
