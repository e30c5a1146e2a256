using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;
using NfvMano.Workflows.Plans;
using NfvMano.Workflows.Steps;

namespace NfvMano.Workflows.Engine;

/// <summary>
/// The durable step engine. A run's rows are the truth: every step's start and end commit before
/// anything else happens, so a process that dies mid-run leaves a run another process resumes from
/// its last committed step once the dead owner's lease expires. A step's completion commits in one
/// transaction with the domain changes and outbox messages the step made.
/// </summary>
public sealed partial class WorkflowEngine(
    IServiceScopeFactory scopes,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkflowEngine> logger)
{
    private static readonly string[] ActiveStates = [.. RunStates.Active];
    private static readonly string[] OpenStates = [RunStates.Pending, RunStates.Running, RunStates.RollingBack, RunStates.Paused];

    private WorkflowOptions Options => options.Value;

    /// <summary>
    /// Records a new run of <paramref name="plan"/> and dispatches it. <paramref name="sameTransaction"/>
    /// may change domain rows that must commit with the run's creation (the operation occurrence).
    /// </summary>
    /// <exception cref="WorkflowConflictException">The subject has an unfinished run.</exception>
    public async Task<Guid> StartAsync(WorkflowPlan plan, Func<NfvManoDbContext, Guid, Task>? sameTransaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Steps.Count == 0)
        {
            throw new ArgumentException("a plan needs at least one step", nameof(plan));
        }
        await using var scope = scopes.CreateAsyncScope();
        var handlers = Handlers(scope.ServiceProvider);
        var unknown = plan.Steps.Where(s => !handlers.ContainsKey(s.Handler)).Select(s => s.Handler).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no step handler registered for {string.Join(", ", unknown)}", nameof(plan));
        }

        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var busy = await db.WorkflowRuns.AsNoTracking()
            .Where(r => r.Subject == plan.Subject && OpenStates.Contains(r.State))
            .Select(r => new { r.Id, r.Kind, r.State })
            .FirstOrDefaultAsync(cancellationToken);
        if (busy is not null)
        {
            throw new WorkflowConflictException($"{plan.Subject} has an unfinished operation {busy.Id} ({busy.Kind}, {busy.State})");
        }

        var now = time.GetUtcNow();
        var run = new WorkflowRunEntity
        {
            Id = Guid.NewGuid(),
            Kind = plan.Kind,
            Subject = plan.Subject,
            State = RunStates.Pending,
            DataJson = plan.Input.ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
            Steps = [.. plan.Steps.Select((s, i) => new WorkflowStepEntity
            {
                Index = i,
                Name = s.Name,
                Handler = s.Handler,
                InputJson = s.Input.ToJsonString(),
                DependsOn = string.Join(',', s.DependsOn),
                State = StepStates.Pending,
            })],
        };
        db.WorkflowRuns.Add(run);
        await NotifyObserversAsync(scope.ServiceProvider, run, "", db, cancellationToken);
        if (sameTransaction is not null)
        {
            await sameTransaction(db, run.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        LogStarted(logger, run.Id, run.Kind, run.Subject, run.Steps.Count);
        WorkflowTelemetry.RunsStarted.Add(1, new KeyValuePair<string, object?>("kind", run.Kind));

        await scope.ServiceProvider.GetRequiredService<IWorkflowDispatcher>().DispatchAsync(run.Id, cancellationToken);
        return run.Id;
    }

    /// <summary>
    /// Drives a run forward until it is finished, paused or waiting, if no other live process owns it.
    /// Cancellation (shutdown) stops between database commits and hands the run back.
    /// </summary>
    public async Task<RunOutcome> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        (await DriveAsync(runId, cancellationToken)).Outcome;

    /// <summary>
    /// <see cref="RunAsync"/>, also saying when a run that is waiting (<see cref="RunOutcome.Waiting"/>) wants to be
    /// driven again: whoever dispatches runs arranges that (the sweeper finds it then in any case).
    /// </summary>
    public async Task<RunResult> DriveAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (await MissingHandlersAsync(runId, cancellationToken) is { Count: > 0 } missing)
        {
            // A process without a step's handler (an older version in a rolling upgrade, a host configured without a
            // VIM) leaves the run to one that has it, rather than take the lease and fail the step where it cannot run.
            LogMissingHandlers(logger, runId, string.Join(", ", missing));
            return new RunResult(RunOutcome.NotOwner, null);
        }
        if (!await TryAcquireLeaseAsync(runId, cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            var found = await db.WorkflowRuns.AsNoTracking().Where(r => r.Id == runId && ActiveStates.Contains(r.State))
                .Select(r => new { r.Owner, r.LeaseExpiresAt, r.NotBefore }).SingleOrDefaultAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (found is null)
            {
                return new RunResult(RunOutcome.NothingToDo, null);
            }
            // Woken before its time (a clock a little ahead, an early dispatch): it still waits, nobody else owns it.
            return found.NotBefore > now && (found.Owner is null || found.LeaseExpiresAt < now)
                ? new RunResult(RunOutcome.Waiting, found.NotBefore)
                : new RunResult(RunOutcome.NotOwner, null);
        }

        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(runId, heartbeatStop.Token);
        var drive = new Drive();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var progress = await AdvanceAsync(runId, drive, cancellationToken);
                if (progress != Progress.Continue)
                {
                    return progress switch
                    {
                        Progress.Finished => new RunResult(RunOutcome.Finished, null),
                        Progress.Paused => new RunResult(RunOutcome.Paused, null),
                        Progress.LostLease => new RunResult(RunOutcome.NotOwner, null),
                        Progress.Waiting => new RunResult(RunOutcome.Waiting, drive.ParkedUntil),
                        _ => new RunResult(RunOutcome.NothingToDo, null),
                    };
                }
            }
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await ReleaseLeaseAsync(runId);
        }
    }

    /// <summary>Retries a paused (failed-temporarily) run from its failed step.</summary>
    public Task RetryAsync(Guid runId, CancellationToken cancellationToken) =>
        ControlAsync(runId, [RunStates.Paused], RunStates.Running, (run, _) =>
        {
            foreach (var step in run.Steps.Where(s => s.State == StepStates.Failed))
            {
                step.State = StepStates.Pending;
                step.Attempts = 0;
                step.Error = null;
            }
            foreach (var step in run.Steps.Where(s => s.State == StepStates.Running && StepWait.Parse(s.Error) is not null))
            {
                // A step left waiting by a cancel starts a fresh attempt, with a fresh wait clock.
                step.Error = null;
            }
            run.Error = null;
            run.CancelRequested = false;
        }, dispatch: true, cancellationToken);

    /// <summary>Rolls a paused run back: compensates its steps in reverse order of completion.</summary>
    public Task RollbackAsync(Guid runId, CancellationToken cancellationToken) =>
        ControlAsync(runId, [RunStates.Paused], RunStates.RollingBack, (run, _) =>
        {
            run.CancelRequested = false;
            foreach (var step in run.Steps.Where(s => s.State is StepStates.Failed))
            {
                // A failed step may have done part of its work: it is compensated too, with fresh attempts.
                step.Attempts = 0;
            }
        }, dispatch: true, cancellationToken);

    /// <summary>Gives a paused run up for good (what the operator asks when neither retry nor rollback helps).</summary>
    public Task FailAsync(Guid runId, CancellationToken cancellationToken) =>
        ControlAsync(runId, [RunStates.Paused], RunStates.Failed, (run, _) =>
        {
            foreach (var step in run.Steps.Where(s => StepWait.Parse(s.Error) is not null))
            {
                // Nothing waits any more.
                step.Error = null;
            }
        }, dispatch: false, cancellationToken);

    /// <summary>
    /// Asks a run to stop. A run not started yet is rolled back at once (nothing to undo); a running
    /// one stops after its current steps and pauses; a parked one (a step waiting) is woken to do so now.
    /// </summary>
    public async Task CancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        // The flag is set in place, not through the run's version: a runner committing a step at the same moment must
        // neither lose the request nor make it fail; the runner reads the flag at its next step boundary.
        var now = time.GetUtcNow();
        var requested = await db.WorkflowRuns
            .Where(r => r.Id == runId && (r.State == RunStates.Pending || r.State == RunStates.Running || r.State == RunStates.RollingBack))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true).SetProperty(r => r.UpdatedAt, now), cancellationToken);
        if (requested == 0)
        {
            var run = await LoadAsync(db, runId, cancellationToken) ?? throw new WorkflowNotFoundException(runId);
            throw new WorkflowConflictException($"run {runId} is {run.State}: only a starting, processing or rolling-back run can be cancelled");
        }
        // A parked run (a step waiting, perhaps for hours) would see the request only when due: a cancel request lets
        // it be leased before its time (see TryAcquireLeaseAsync), and it is driven now.
        if (await db.WorkflowRuns.AnyAsync(r => r.Id == runId && r.NotBefore != null && r.NotBefore > now, cancellationToken))
        {
            await scope.ServiceProvider.GetRequiredService<IWorkflowDispatcher>().DispatchAsync(runId, cancellationToken);
        }
    }

    /// <summary>Runs whose owner has gone silent (or that were never picked up) and are due.</summary>
    public async Task<IReadOnlyList<Guid>> FindOrphanedRunsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var now = time.GetUtcNow();
        return await db.WorkflowRuns.AsNoTracking()
            .Where(r => ActiveStates.Contains(r.State) && (r.Owner == null || r.LeaseExpiresAt < now) && (r.NotBefore == null || r.NotBefore <= now || r.CancelRequested))
            .OrderBy(r => r.CreatedAt)
            .Select(r => r.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    private enum Progress
    {
        Continue,
        Finished,
        Paused,
        LostLease,
        NothingToDo,
        Waiting,
    }

    /// <summary>What one drive of a run knows beyond the database: the steps that yielded during it, and until when.</summary>
    private sealed class Drive
    {
        public Dictionary<int, DateTimeOffset> Waiting { get; } = [];

        public DateTimeOffset? ParkedUntil { get; set; }
    }

    /// <summary>How one execution or compensation of a step ended; <c>WaitUntil</c> is set when the step yielded.</summary>
    private readonly record struct StepResult(Progress Progress, DateTimeOffset? WaitUntil = null);

    private async Task<Progress> AdvanceAsync(Guid runId, Drive drive, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var run = await LoadAsync(db, runId, cancellationToken);
        if (run is null)
        {
            return Progress.NothingToDo;
        }

        switch (run.State)
        {
            case RunStates.Pending:
                if (run.CancelRequested)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.RolledBack, "cancelled before it started", cancellationToken);
                }
                return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Running, null, cancellationToken);

            case RunStates.Running:
                if (run.CancelRequested)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Paused, "cancelled", cancellationToken);
                }
                if (run.Steps.FirstOrDefault(s => s.State == StepStates.Failed) is { } failed)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Paused, $"step {failed.Name} failed: {failed.Error}", cancellationToken);
                }
                if (run.Steps.All(s => s.State == StepStates.Done))
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Completed, null, cancellationToken);
                }
                var done = run.Steps.Where(s => s.State == StepStates.Done).Select(s => s.Name).ToHashSet();
                var ready = run.Steps
                    .Where(s => s.State is StepStates.Pending or StepStates.Running)
                    .Where(s => DependenciesOf(s).All(done.Contains))
                    .ToList();
                if (ready.Count == 0)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Paused, "no step can run: the plan's dependencies cannot be met", cancellationToken);
                }
                // A step that yielded is not run again in this drive: once nothing else can run, the run parks and
                // gives its worker back, so the run the step waits for can have one.
                var due = ready.Where(s => !drive.Waiting.ContainsKey(s.Index)).ToList();
                if (due.Count == 0)
                {
                    return await ParkAsync(run.Id, drive, drive.Waiting.Values.Min(), cancellationToken);
                }
                var results = await Task.WhenAll(due.Select(s => ExecuteStepAsync(run, s.Index, cancellationToken)));
                foreach (var (step, result) in due.Zip(results))
                {
                    if (result.WaitUntil is { } until)
                    {
                        drive.Waiting[step.Index] = until;
                    }
                }
                return results.Any(r => r.Progress == Progress.LostLease) ? Progress.LostLease : Progress.Continue;

            case RunStates.RollingBack:
                if (run.CancelRequested)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.Paused, "rollback cancelled", cancellationToken);
                }
                var next = run.Steps
                    .Where(s => s.State is StepStates.Done or StepStates.Running or StepStates.Failed)
                    // Unfinished steps started last; then the finished ones, newest first.
                    .OrderBy(s => s.State == StepStates.Done ? 1 : 0)
                    .ThenByDescending(s => s.CompletionOrder ?? int.MaxValue)
                    .ThenByDescending(s => s.Index)
                    .FirstOrDefault();
                if (next is null)
                {
                    return await TransitionAsync(scope.ServiceProvider, db, run, RunStates.RolledBack, run.Error, cancellationToken);
                }
                var compensation = await CompensateStepAsync(run, next.Index, cancellationToken);
                return compensation.WaitUntil is { } resumeAt
                    ? await ParkAsync(run.Id, drive, resumeAt, cancellationToken)
                    : compensation.Progress;

            default:
                return Progress.NothingToDo;
        }
    }

    private async Task<StepResult> ExecuteStepAsync(WorkflowRunEntity run, int index, CancellationToken cancellationToken)
    {
        while (true)
        {
            int attempt;
            StepWait? resumed;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
                var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
                // Resuming a wait continues the attempt that yielded: same attempt number, same start.
                resumed = step.State == StepStates.Running && StepWait.Parse(step.Error) is { Compensating: false } wait ? wait : null;
                step.State = StepStates.Running;
                if (resumed is null)
                {
                    step.Attempts++;
                    step.StartedAt = time.GetUtcNow();
                }
                attempt = step.Attempts;
                if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
                {
                    return new(Progress.LostLease);
                }
            }

            Exception? failure;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
                var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
                var handler = Handlers(scope.ServiceProvider)[step.Handler];
                var context = await ContextAsync(db, run, step, attempt, resumed, cancellationToken);
                using var activity = StartStepActivity("execute", run, step, attempt);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    LogStepStarting(logger, run.Id, step.Name, attempt);
                    var output = await handler.ExecuteAsync(context, cancellationToken) ?? [];
                    RecordStep(step.Handler, "done", started);
                    step.State = StepStates.Done;
                    step.OutputJson = output.ToJsonString();
                    step.Error = null;
                    step.FinishedAt = time.GetUtcNow();
                    step.CompletionOrder = 1 + (await db.WorkflowSteps.Where(s => s.RunId == run.Id).MaxAsync(s => s.CompletionOrder, cancellationToken) ?? 0);
                    if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
                    {
                        return new(Progress.LostLease);
                    }
                    LogStepDone(logger, run.Id, step.Name, attempt);
                    return new(Progress.Continue);
                }
                catch (StepWaitingException wait)
                {
                    RecordStep(step.Handler, "waiting", started);
                    failure = wait;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failure = e;
                    RecordStep(step.Handler, "failed", started);
                    activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                }
            }

            if (failure is StepWaitingException waiting)
            {
                return await RecordWaitAsync(run, index, compensating: false, waiting, cancellationToken);
            }
            var permanent = failure is PermanentStepException;
            var exhausted = permanent || attempt >= Options.MaxAttempts;
            LogStepFailed(logger, run.Id, index, attempt, exhausted, failure.Message);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
                var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
                step.Error = failure.Message;
                if (exhausted)
                {
                    step.State = StepStates.Failed;
                    step.FinishedAt = time.GetUtcNow();
                }
                if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
                {
                    return new(Progress.LostLease);
                }
            }
            if (exhausted)
            {
                return new(Progress.Continue);
            }
            await Task.Delay(Backoff(attempt), time, cancellationToken);
        }
    }

    private async Task<StepResult> CompensateStepAsync(WorkflowRunEntity run, int index, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
        var handler = Handlers(scope.ServiceProvider)[step.Handler];
        for (var attempt = 1; ; attempt++)
        {
            var resumed = StepWait.Parse(step.Error) is { Compensating: true } wait ? wait : null;
            var context = await ContextAsync(db, run, step, attempt, resumed, cancellationToken);
            using var activity = StartStepActivity("compensate", run, step, attempt);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await handler.CompensateAsync(context, cancellationToken);
                RecordStep(step.Handler, "compensated", started);
                step.State = StepStates.Compensated;
                step.FinishedAt = time.GetUtcNow();
                if (StepWait.Parse(step.Error) is not null)
                {
                    // Done waiting; an error the step failed with stays as it was.
                    step.Error = null;
                }
                if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
                {
                    return new(Progress.LostLease);
                }
                LogStepCompensated(logger, run.Id, step.Name);
                return new(Progress.Continue);
            }
            catch (StepWaitingException waiting)
            {
                RecordStep(step.Handler, "waiting", started);
                db.ChangeTracker.Clear();
                return await RecordWaitAsync(run, index, compensating: true, waiting, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RecordStep(step.Handler, "compensation-failed", started);
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                LogStepFailed(logger, run.Id, index, attempt, attempt >= Options.MaxAttempts, e.Message);
                db.ChangeTracker.Clear();
                if (attempt >= Options.MaxAttempts)
                {
                    var fresh = await LoadAsync(db, run.Id, cancellationToken) ?? run;
                    return new(await TransitionAsync(scope.ServiceProvider, db, fresh, RunStates.Paused, $"compensation of step {step.Name} failed: {e.Message}", cancellationToken));
                }
                step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records that a step yielded: what it waits for and since when (the first wait of this attempt or rollback), or,
    /// past <see cref="WorkflowOptions.MaxStepWait"/>, that it gave up: the step fails (or its compensation does).
    /// </summary>
    private async Task<StepResult> RecordWaitAsync(WorkflowRunEntity run, int index, bool compensating, StepWaitingException waiting, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == run.Id && s.Index == index, cancellationToken);
        var now = time.GetUtcNow();
        var since = StepWait.Parse(step.Error) is { } previous && previous.Compensating == compensating ? previous.Since : now;
        var waited = now - since;
        if (waiting.Until is null && waited >= Options.MaxStepWait)
        {
            var gaveUp = $"gave up waiting for {waiting.WaitingFor} after {waited:c} (longer than {WorkflowOptions.SectionName}:MaxStepWait, {Options.MaxStepWait:c})";
            LogStepGaveUpWaiting(logger, run.Id, step.Name, gaveUp);
            if (compensating)
            {
                var fresh = await LoadAsync(db, run.Id, cancellationToken) ?? run;
                return new(await TransitionAsync(scope.ServiceProvider, db, fresh, RunStates.Paused, $"compensation of step {step.Name} failed: {gaveUp}", cancellationToken));
            }
            step.State = StepStates.Failed;
            step.Error = gaveUp;
            step.FinishedAt = now;
            return new(await CommitOwnedAsync(db, run.Id, cancellationToken) ? Progress.Continue : Progress.LostLease);
        }
        step.Error = new StepWait(compensating, since, waiting.WaitingFor).Format();
        if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
        {
            return new(Progress.LostLease);
        }
        // A deliberate wait looks again at least hourly (a changed clock, a cancel); others at most every MaxStepWait.
        var cap = waiting.Until is null ? Options.MaxStepWait : TimeSpan.FromHours(1);
        var retryAfter = waiting.RetryAfter < cap ? waiting.RetryAfter : cap;
        LogStepWaiting(logger, run.Id, step.Name, waiting.WaitingFor, retryAfter);
        return new(Progress.Continue, now + retryAfter);
    }

    /// <summary>
    /// Parks the run until <paramref name="until"/>: recorded on the run (the sweeper and every lease honour it), after
    /// which this drive ends and its worker and lease go back.
    /// </summary>
    private async Task<Progress> ParkAsync(Guid runId, Drive drive, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var run = await db.WorkflowRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        run.NotBefore = until;
        if (!await CommitOwnedAsync(db, runId, cancellationToken))
        {
            return Progress.LostLease;
        }
        drive.ParkedUntil = until;
        return Progress.Waiting;
    }

    private async Task<Progress> TransitionAsync(IServiceProvider services, NfvManoDbContext db, WorkflowRunEntity run, string state, string? error, CancellationToken cancellationToken)
    {
        var previous = run.State;
        run.State = state;
        run.Error = error;
        run.UpdatedAt = time.GetUtcNow();
        if (state is RunStates.Paused || RunStates.IsFinal(state))
        {
            run.CancelRequested = false;
        }
        await NotifyObserversAsync(services, run, previous, db, cancellationToken);
        if (!await CommitOwnedAsync(db, run.Id, cancellationToken))
        {
            return Progress.LostLease;
        }
        LogTransition(logger, run.Id, previous, state, error ?? "");
        WorkflowTelemetry.RunTransitions.Add(1, new KeyValuePair<string, object?>("kind", run.Kind), new KeyValuePair<string, object?>("state", state));
        return state switch
        {
            RunStates.Paused => Progress.Paused,
            _ when RunStates.IsFinal(state) => Progress.Finished,
            _ => Progress.Continue,
        };
    }

    private async Task ControlAsync(Guid runId, string[] allowed, string target, Action<WorkflowRunEntity, NfvManoDbContext> change, bool dispatch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var run = await LoadAsync(db, runId, cancellationToken) ?? throw new WorkflowNotFoundException(runId);
        if (!allowed.Contains(run.State))
        {
            throw new WorkflowConflictException($"run {runId} is {run.State}; this needs {string.Join(" or ", allowed)}");
        }
        var previous = run.State;
        change(run, db);
        run.State = target;
        run.UpdatedAt = time.GetUtcNow();
        run.NotBefore = null;
        await NotifyObserversAsync(scope.ServiceProvider, run, previous, db, cancellationToken);
        try
        {
            // The run's version guards against a second control call or a runner racing this one.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new WorkflowConflictException($"run {runId} changed while {target} was being requested; try again");
        }
        LogTransition(logger, run.Id, previous, target, "requested");
        if (dispatch)
        {
            await scope.ServiceProvider.GetRequiredService<IWorkflowDispatcher>().DispatchAsync(runId, cancellationToken);
        }
    }

    private async Task<List<string>> MissingHandlersAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var needed = await db.WorkflowSteps.AsNoTracking().Where(s => s.RunId == runId).Select(s => s.Handler).Distinct().ToListAsync(cancellationToken);
        var handlers = Handlers(scope.ServiceProvider);
        return [.. needed.Where(h => !handlers.ContainsKey(h)).Order(StringComparer.Ordinal)];
    }

    private async Task<bool> TryAcquireLeaseAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var now = time.GetUtcNow();
        var node = Options.NodeId;
        var until = now + Options.LeaseDuration;
        var taken = await db.WorkflowRuns
            .Where(r => r.Id == runId && ActiveStates.Contains(r.State)
                && (r.Owner == null || r.Owner == node || r.LeaseExpiresAt < now)
                && (r.NotBefore == null || r.NotBefore <= now || r.CancelRequested))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Owner, node)
                .SetProperty(r => r.LeaseExpiresAt, until)
                // A takeover changes the version, so a stale owner's later writes fail.
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        return taken == 1;
    }

    private async Task HeartbeatAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Options.HeartbeatInterval, time, cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
                var until = time.GetUtcNow() + Options.LeaseDuration;
                var node = Options.NodeId;
                await db.WorkflowRuns.Where(r => r.Id == runId && r.Owner == node)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the run stopped
        }
        catch (Exception e)
        {
            // A database hiccup must not kill the run: a missed renewal at worst lets another node take over.
            LogHeartbeatFailed(logger, runId, e.Message);
        }
    }

    private async Task ReleaseLeaseAsync(Guid runId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            var node = Options.NodeId;
            await db.WorkflowRuns.Where(r => r.Id == runId && r.Owner == node)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Owner, (string?)null).SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null));
        }
        catch (Exception e)
        {
            // The lease then simply expires.
            LogHeartbeatFailed(logger, runId, e.Message);
        }
    }

    /// <summary>Commits the tracked changes only while this process still owns the run.</summary>
    private async Task<bool> CommitOwnedAsync(NfvManoDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var node = Options.NodeId;
        var now = time.GetUtcNow();
        var owned = await db.WorkflowRuns.Where(r => r.Id == runId && r.Owner == node)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, now + Options.LeaseDuration), cancellationToken);
        if (owned == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogLostLease(logger, runId);
            WorkflowTelemetry.LeasesLost.Add(1);
            return false;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogLostLease(logger, runId);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<StepContext> ContextAsync(NfvManoDbContext db, WorkflowRunEntity run, WorkflowStepEntity step, int attempt, StepWait? resumed, CancellationToken cancellationToken)
    {
        var outputs = await db.WorkflowSteps.AsNoTracking()
            .Where(s => s.RunId == run.Id && s.OutputJson != null && s.State != StepStates.Pending)
            .Select(s => new { s.Name, s.OutputJson })
            .ToListAsync(cancellationToken);
        return new StepContext(run.Id, run.Kind, run.Subject, step.Name, attempt,
            ParseObject(step.InputJson), ParseObject(run.DataJson),
            outputs.ToDictionary(o => o.Name, o => ParseObject(o.OutputJson)),
            db, time, resumed?.WaitingFor, resumed?.Since);
    }

    private static async Task<WorkflowRunEntity?> LoadAsync(NfvManoDbContext db, Guid runId, CancellationToken cancellationToken) =>
        await db.WorkflowRuns.Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);

    private static async Task NotifyObserversAsync(IServiceProvider services, WorkflowRunEntity run, string previous, NfvManoDbContext db, CancellationToken cancellationToken)
    {
        foreach (var observer in services.GetServices<IWorkflowRunObserver>())
        {
            await observer.OnRunStateChangedAsync(run, previous, db, cancellationToken);
        }
    }

    private static Activity? StartStepActivity(string what, WorkflowRunEntity run, WorkflowStepEntity step, int attempt)
    {
        var activity = WorkflowTelemetry.Source.StartActivity($"{what} {step.Handler}");
        activity?.SetTag("nfvmano.workflow.run_id", run.Id.ToString());
        activity?.SetTag("nfvmano.workflow.kind", run.Kind);
        activity?.SetTag("nfvmano.workflow.subject", run.Subject);
        activity?.SetTag("nfvmano.workflow.step", step.Name);
        activity?.SetTag("nfvmano.workflow.attempt", attempt);
        return activity;
    }

    private static void RecordStep(string handler, string outcome, long started) =>
        WorkflowTelemetry.StepDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("handler", handler),
            new KeyValuePair<string, object?>("outcome", outcome));

    private static Dictionary<string, IStepHandler> Handlers(IServiceProvider services) =>
        services.GetServices<IStepHandler>().ToDictionary(h => h.Key);

    private static IEnumerable<string> DependenciesOf(WorkflowStepEntity step) =>
        step.DependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static JsonObject ParseObject(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not a JSON object: " + json);

    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        // Full jitter keeps retries of many runs against one failing VIM from arriving together.
        return TimeSpan.FromMilliseconds(baseDelay / 2 + Random.Shared.NextDouble() * baseDelay / 2);
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Workflow {RunId} ({Kind}) started for {Subject} with {Steps} steps")]
    private static partial void LogStarted(ILogger logger, Guid runId, string kind, string subject, int steps);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Workflow {RunId}: step {Step} attempt {Attempt} starting")]
    private static partial void LogStepStarting(ILogger logger, Guid runId, string step, int attempt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Workflow {RunId}: step {Step} done (attempt {Attempt})")]
    private static partial void LogStepDone(ILogger logger, Guid runId, string step, int attempt);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Workflow {RunId}: step #{StepIndex} attempt {Attempt} failed (giving up: {GivingUp}): {Error}")]
    private static partial void LogStepFailed(ILogger logger, Guid runId, int stepIndex, int attempt, bool givingUp, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Workflow {RunId}: step {Step} compensated")]
    private static partial void LogStepCompensated(ILogger logger, Guid runId, string step);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Workflow {RunId}: {From} -> {To} {Reason}")]
    private static partial void LogTransition(ILogger logger, Guid runId, string from, string to, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Workflow {RunId}: lease lost to another process; stopping here")]
    private static partial void LogLostLease(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Workflow {RunId}: lease renewal failed: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, Guid runId, string error);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Workflow {RunId}: step {Step} waits for {WaitingFor}; again in {RetryAfter}")]
    private static partial void LogStepWaiting(ILogger logger, Guid runId, string step, string waitingFor, TimeSpan retryAfter);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Workflow {RunId}: step {Step} {Reason}")]
    private static partial void LogStepGaveUpWaiting(ILogger logger, Guid runId, string step, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Workflow {RunId} needs step handlers this process does not have ({Handlers}); left to another process")]
    private static partial void LogMissingHandlers(ILogger logger, Guid runId, string handlers);
}

/// <summary>A run or its subject is in a state that does not allow what was asked (HTTP 409).</summary>
public sealed class WorkflowConflictException(string message) : Exception(message);

/// <summary>No run with that id (HTTP 404).</summary>
public sealed class WorkflowNotFoundException(Guid runId) : Exception($"no workflow run {runId}");
