using System.ComponentModel.DataAnnotations;

namespace NfvMano.Workflows.Engine;

/// <summary>How the workflow engine leases, retries and resumes runs; bound from <c>Workflows</c>.</summary>
public sealed class WorkflowOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Workflows";

    /// <summary>This process's identity as a lease owner; unique per process by default.</summary>
    [Required, MinLength(1)]
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How long a lease holds without renewal; a dead owner's runs are resumed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running run renews its lease (well under <see cref="LeaseDuration"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:20:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Executions of a step before the run stops as failed-temporarily.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubled per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Workflow runs one server process executes at once (Quartz's <c>maxConcurrency</c>, default 10). An NS
    /// operation's run waits for the VNF operations it starts while holding its slot, so this must stay well above
    /// the number of NS operations in flight, or their VNF operations find no slot.
    /// </summary>
    [Range(4, 10_000)]
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>How often runs whose owner vanished are looked for and resumed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
}
