using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Workflows;

/// <summary>
/// One durable run of a plan: the source of truth for where an operation stands. The process
/// holding the lease executes it; when that process dies the lease expires and any server resumes.
/// </summary>
public sealed class WorkflowRunEntity : IVersioned
{
    /// <summary>The run id.</summary>
    public Guid Id { get; set; }

    /// <summary>What kind of plan this is, e.g. <c>vnf.instantiate</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The entity the run works on (e.g. a VNF instance id); at most one active run per subject.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Pending, Running, Completed, Failed, Compensating, Compensated, Cancelled.</summary>
    public string State { get; set; } = "Pending";

    /// <summary>The run's input (a JSON object); steps also see the outputs of the steps done before them.</summary>
    public string DataJson { get; set; } = "{}";

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>Whether cancellation was asked for; honoured between steps.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The server process that holds the lease, if any.</summary>
    public string? Owner { get; set; }

    /// <summary>Until when the owner's lease holds; after that any process may take the run over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>Not before this time should the run be resumed (retry back-off).</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the run last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public long Version { get; set; }

    /// <summary>The steps of the run, in plan order.</summary>
    public List<WorkflowStepEntity> Steps { get; set; } = [];
}

/// <summary>One step of a run, with its progress.</summary>
public sealed class WorkflowStepEntity
{
    /// <summary>The run.</summary>
    public Guid RunId { get; set; }

    /// <summary>Position in the plan (0-based); compensation goes in reverse of completion order.</summary>
    public int Index { get; set; }

    /// <summary>The step's name within the plan, unique per run.</summary>
    public string Name { get; set; } = "";

    /// <summary>Key of the registered step handler that executes and compensates it.</summary>
    public string Handler { get; set; } = "";

    /// <summary>The step's input (JSON).</summary>
    public string InputJson { get; set; } = "{}";

    /// <summary>Comma-separated names of the steps that must be done first.</summary>
    public string DependsOn { get; set; } = "";

    /// <summary>Pending, Running, Done, Failed, Compensating, Compensated, Skipped.</summary>
    public string State { get; set; } = "Pending";

    /// <summary>How many times execution was started (a crash mid-step counts).</summary>
    public int Attempts { get; set; }

    /// <summary>The step's output (JSON object), merged into the run's data when done.</summary>
    public string? OutputJson { get; set; }

    /// <summary>
    /// The last error of the step; while a running step waits (it yielded), what it waits for and since when
    /// (<c>Waiting since …</c>, <c>Rolling back, waiting since …</c>).
    /// </summary>
    public string? Error { get; set; }

    /// <summary>Order in which steps completed, for exact reverse compensation.</summary>
    public int? CompletionOrder { get; set; }

    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the step finished (done, failed or compensated).</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class WorkflowRunEntityConfiguration : IEntityTypeConfiguration<WorkflowRunEntity>
{
    public void Configure(EntityTypeBuilder<WorkflowRunEntity> builder)
    {
        builder.ToTable("workflow_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasMaxLength(128).IsRequired();
        builder.Property(r => r.Subject).HasMaxLength(256).IsRequired();
        builder.Property(r => r.State).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Owner).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.State, r.LeaseExpiresAt });
        builder.HasIndex(r => r.Subject);
    }
}

internal sealed class WorkflowStepEntityConfiguration : IEntityTypeConfiguration<WorkflowStepEntity>
{
    public void Configure(EntityTypeBuilder<WorkflowStepEntity> builder)
    {
        builder.ToTable("workflow_steps");
        builder.HasKey(s => new { s.RunId, s.Index });
        builder.Property(s => s.Name).HasMaxLength(128).IsRequired();
        builder.Property(s => s.Handler).HasMaxLength(128).IsRequired();
        builder.Property(s => s.DependsOn).HasMaxLength(2048).IsRequired();
        builder.Property(s => s.State).HasMaxLength(32).IsRequired();
        builder.HasIndex(s => new { s.RunId, s.Name }).IsUnique();
    }
}
