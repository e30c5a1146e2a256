using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.VnfLcm;

/// <summary>
/// A VNF lifecycle operation occurrence (SOL003 <c>VnfLcmOpOcc</c>). Its id is the id of the workflow run that
/// performs it; its state follows the run's state inside the run's own transactions.
/// </summary>
public sealed class VnfLcmOpOccEntity : IVersioned
{
    /// <summary>The occurrence id (= the workflow run id).</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the instance.</summary>
    public string TenantId { get; set; } = "default";

    /// <summary>The instance operated on.</summary>
    public Guid VnfInstanceId { get; set; }

    /// <summary>INSTANTIATE, SCALE, SCALE_TO_LEVEL, HEAL, OPERATE, TERMINATE, …</summary>
    public string Operation { get; set; } = "";

    /// <summary>STARTING, PROCESSING, COMPLETED, FAILED_TEMP, FAILED, ROLLING_BACK, ROLLED_BACK.</summary>
    public string OperationState { get; set; } = "STARTING";

    /// <summary>When the current state was entered.</summary>
    public DateTimeOffset StateEnteredTime { get; set; }

    /// <summary>When the occurrence was created.</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Whether the VNFM started it on its own (auto-heal, auto-scale).</summary>
    public bool IsAutomaticInvocation { get; set; }

    /// <summary>The grant the operation got before touching the VIM (a row of <c>grants</c>), if it asked for one.</summary>
    public Guid? GrantId { get; set; }

    /// <summary>The request as received (JSON).</summary>
    public string OperationParamsJson { get; set; } = "{}";

    /// <summary>Whether cancellation was asked and is not done yet.</summary>
    public bool IsCancelPending { get; set; }

    /// <summary>The last error as a ProblemDetails (JSON), when failed.</summary>
    public string? ErrorJson { get; set; }

    /// <summary>VNFCs, virtual links and storage the operation added, removed or modified (JSON).</summary>
    public string? ResourceChangesJson { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }
}

internal sealed class VnfLcmOpOccEntityConfiguration : IEntityTypeConfiguration<VnfLcmOpOccEntity>
{
    public void Configure(EntityTypeBuilder<VnfLcmOpOccEntity> builder)
    {
        builder.ToTable("vnf_lcm_op_occs");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.TenantId).HasMaxLength(128).IsRequired();
        builder.Property(o => o.Operation).HasMaxLength(32).IsRequired();
        builder.Property(o => o.OperationState).HasMaxLength(32).IsRequired();
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.TenantId, o.StartTime });
        builder.HasIndex(o => o.VnfInstanceId);
    }
}
