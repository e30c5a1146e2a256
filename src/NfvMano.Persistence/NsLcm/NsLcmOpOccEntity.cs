using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.NsLcm;

/// <summary>
/// An NS lifecycle operation occurrence (SOL005 <c>NsLcmOpOcc</c>). Its id is the id of the workflow run that performs
/// it; its state follows the run's state inside the run's own transactions.
/// </summary>
public sealed class NsLcmOpOccEntity : IVersioned
{
    /// <summary>The occurrence id (= the workflow run id).</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the instance.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>The NS instance operated on.</summary>
    public Guid NsInstanceId { get; set; }

    /// <summary>INSTANTIATE, SCALE, UPDATE, TERMINATE, HEAL.</summary>
    public string LcmOperationType { get; set; } = "";

    /// <summary>PROCESSING, COMPLETED, FAILED_TEMP, FAILED, ROLLING_BACK, ROLLED_BACK.</summary>
    public string OperationState { get; set; } = "PROCESSING";

    /// <summary>When the current state was entered.</summary>
    public DateTimeOffset StateEnteredTime { get; set; }

    /// <summary>When the occurrence was created.</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Whether the NFVO started it on its own.</summary>
    public bool IsAutomaticInvocation { get; set; }

    /// <summary>The request as received (JSON).</summary>
    public string OperationParamsJson { get; set; } = "{}";

    /// <summary>The last error as a ProblemDetails (JSON), when failed.</summary>
    public string? ErrorJson { get; set; }

    /// <summary>VNF instances added, removed or modified by the operation (JSON).</summary>
    public string? ResourceChangesJson { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class NsLcmOpOccEntityConfiguration : IEntityTypeConfiguration<NsLcmOpOccEntity>
{
    public void Configure(EntityTypeBuilder<NsLcmOpOccEntity> builder)
    {
        builder.ToTable("ns_lcm_op_occs");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(o => o.LcmOperationType).HasMaxLength(32).IsRequired();
        builder.Property(o => o.OperationState).HasMaxLength(32).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.TenantId, o.StartTime });
        builder.HasIndex(o => o.NsInstanceId);
    }
}
