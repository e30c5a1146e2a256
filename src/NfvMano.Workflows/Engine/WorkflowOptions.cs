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
    /// Workflow runs one server process executes at once (Quartz's <c>maxConcurrency</c>, default 10). A step that
    /// waits for another run (an NS step for its VNF operations) yields its slot while it waits, so this bounds how
    /// many steps work at the same moment, not how many operations can be in flight.
    /// </summary>
    [Range(4, 10_000)]
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>
    /// How long a step may keep waiting (<see cref="Steps.StepWaitingException"/>) in one attempt or one rollback
    /// before it fails: an NS step waits as long as its VNF operation takes, which should be minutes, so two hours
    /// means something is stuck, and an operator should hear of it the same day rather than never.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxStepWait { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often runs whose owner vanished are looked for and resumed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
}
