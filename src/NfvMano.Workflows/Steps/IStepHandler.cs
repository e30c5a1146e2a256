using System.Text.Json.Nodes;

namespace NfvMano.Workflows.Steps;

/// <summary>
/// Executes and compensates one kind of step. Both must be idempotent: after a crash a step is
/// executed again from the start, and a compensation may run for a step that did only part of its
/// work (or none), so "remove what is not there" must succeed.
/// </summary>
public interface IStepHandler
{
    /// <summary>The key plans name this handler by, e.g. <c>vim.create-server</c>.</summary>
    string Key { get; }

    /// <summary>Does the step's work; the returned object is recorded and visible to later steps.</summary>
    Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Undoes whatever the step may have done.</summary>
    Task CompensateAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>A step failure that retrying cannot fix (bad input, a refusal); the run stops at once.</summary>
public sealed class PermanentStepException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Thrown by a step's execution or compensation that cannot finish yet because it waits for something outside it,
/// typically another workflow run (an NS step waiting for the VNF operation it started). Waiting in place would hold
/// one of the scheduler's few workers; once every worker is held by a step waiting for a run that itself needs a
/// worker, nothing moves. So the engine treats this as "not finished, run me again later": it is not a failed attempt,
/// the step stays where it is (running, or being compensated), what it waits for is recorded on the step (its
/// <c>Error</c> reads "Waiting since … for …" while it waits), and the run is parked until <see cref="RetryAfter"/> has
/// passed, durably, with its worker and lease released. The step is then executed (or compensated) again from the
/// start, so it must find what it already started, as every step must after a crash; <see cref="StepContext.WaitingFor"/>
/// tells it that it resumes a wait. A step that keeps waiting longer than <c>Workflows:MaxStepWait</c> fails.
/// </summary>
public sealed class StepWaitingException : Exception
{
    /// <summary>A step yields until <paramref name="retryAfter"/> has passed, waiting for <paramref name="waitingFor"/>.</summary>
    /// <param name="retryAfter">How long to wait before running the step again (not negative).</param>
    /// <param name="waitingFor">What the step waits for, in words an operator understands (shown on the step).</param>
    public StepWaitingException(TimeSpan retryAfter, string waitingFor)
        : base($"waiting for {waitingFor}")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(waitingFor);
        RetryAfter = retryAfter;
        WaitingFor = waitingFor;
    }

    /// <summary>
    /// A step yields until a time it was asked to wait for (a scheduled termination), waiting for
    /// <paramref name="waitingFor"/>. Such a wait is the step's purpose, not a symptom: <c>Workflows:MaxStepWait</c> does
    /// not bound it. The run is parked at most an hour at a time and the step looks again.
    /// </summary>
    /// <param name="until">When the step's wait ends.</param>
    /// <param name="waitingFor">What the step waits for, in words an operator understands.</param>
    /// <param name="now">The current time.</param>
    public StepWaitingException(DateTimeOffset until, string waitingFor, DateTimeOffset now)
        : this(until > now ? until - now : TimeSpan.Zero, waitingFor)
    {
        Until = until;
    }

    /// <summary>How long to wait before running the step again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The end of a deliberate wait (not bounded by <c>Workflows:MaxStepWait</c>), or null.</summary>
    public DateTimeOffset? Until { get; }

    /// <summary>What the step waits for.</summary>
    public string WaitingFor { get; }
}
