using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;

namespace NfvMano.Workflows.Engine;

/// <summary>
/// Told of every state change of a run inside the transaction that commits it, so that a domain
/// record (an operation occurrence) and its notification change with the run or not at all.
/// </summary>
public interface IWorkflowRunObserver
{
    /// <summary>Called before the state change commits; changes made on <paramref name="db"/> commit with it.</summary>
    Task OnRunStateChangedAsync(WorkflowRunEntity run, string previousState, NfvManoDbContext db, CancellationToken cancellationToken);
}

/// <summary>Makes some process run a workflow soon (Quartz in the server; direct calls in tests).</summary>
public interface IWorkflowDispatcher
{
    /// <summary>Asks for the run to be driven forward; safe to call for a run that is already being driven.</summary>
    Task DispatchAsync(Guid runId, CancellationToken cancellationToken);
}

/// <summary>The way a call to run a workflow ended.</summary>
public enum RunOutcome
{
    /// <summary>Another live process holds the lease.</summary>
    NotOwner,

    /// <summary>The run reached a final state (completed, rolled back, failed).</summary>
    Finished,

    /// <summary>The run stopped as failed-temporarily, awaiting retry, rollback or fail.</summary>
    Paused,

    /// <summary>The run does not exist or is not active.</summary>
    NothingToDo,

    /// <summary>
    /// A step of the run waits for something outside it (<see cref="Steps.StepWaitingException"/>): the run is parked,
    /// with nobody driving it, until <see cref="RunResult.ResumeAt"/>.
    /// </summary>
    Waiting,
}

/// <summary>How a drive of a run ended and, for a waiting run, when it wants to be driven again.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ResumeAt">When a <see cref="RunOutcome.Waiting"/> run is due again; null otherwise.</param>
public readonly record struct RunResult(RunOutcome Outcome, DateTimeOffset? ResumeAt);
