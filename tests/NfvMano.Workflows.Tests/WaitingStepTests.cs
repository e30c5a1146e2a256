using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence.Workflows;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;

namespace NfvMano.Workflows.Tests;

/// <summary>Steps that yield (<see cref="Steps.StepWaitingException"/>) instead of holding their worker while they wait.</summary>
public sealed class WaitingStepTests(EngineHarness harness) : IClassFixture<EngineHarness>
{
    private static (WorkflowPlan Plan, string A, string B) Line()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (a, b) = ($"a-{id}", $"b-{id}");
        return (new WorkflowPlan("test.line", "vnf-" + id).Then(a, "test.step").Then(b, "test.step"), a, b);
    }

    private Task<WorkflowRunEntity> LoadAsync(Guid runId) =>
        harness.QueryAsync(db => db.WorkflowRuns.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Id == runId));

    [Fact]
    public async Task Run_WhenAStepWaits_ParksUntilDueAndResumesTheSameAttempt()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b) = Line();
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = 2, RetryAfter = TimeSpan.FromSeconds(5) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        var startedAt = harness.Time.GetUtcNow();

        var first = await engine.DriveAsync(runId, CancellationToken.None);
        var parked = await LoadAsync(runId);
        var early = await engine.DriveAsync(runId, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await engine.DriveAsync(runId, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var last = await engine.DriveAsync(runId, CancellationToken.None);

        Assert.Equal(new RunResult(RunOutcome.Waiting, startedAt.AddSeconds(5)), first);
        Assert.Equal(RunStates.Running, parked.State);
        Assert.Null(parked.Owner);
        Assert.Equal(startedAt.AddSeconds(5), parked.NotBefore);
        var waitingStep = parked.Steps.Single(s => s.Name == b);
        Assert.Equal(StepStates.Running, waitingStep.State);
        Assert.Equal(1, waitingStep.Attempts);
        Assert.StartsWith("Waiting since ", waitingStep.Error, StringComparison.Ordinal);
        Assert.EndsWith($"for the thing {b} needs (look 1)", waitingStep.Error, StringComparison.Ordinal);
        Assert.Equal(RunOutcome.Waiting, early.Outcome);
        Assert.Equal(RunOutcome.Waiting, second.Outcome);
        Assert.Equal(RunOutcome.Finished, last.Outcome);
        var done = await LoadAsync(runId);
        Assert.Equal(RunStates.Completed, done.State);
        var step = done.Steps.Single(s => s.Name == b);
        Assert.Equal(1, step.Attempts);
        Assert.Null(step.Error);
        Assert.Equal(startedAt, step.StartedAt);
        Assert.Equal(3, harness.Scripts[b].Executions);
        Assert.Equal(
            [(1, null, null), (1, $"the thing {b} needs (look 1)", startedAt), (1, $"the thing {b} needs (look 2)", startedAt)],
            harness.Scripts[b].Seen.ToArray());
        Assert.Equal(1, harness.Scripts.GetOrAdd(a, _ => new StepScript()).Executions);
    }

    [Fact]
    public async Task Run_WhenAStepWaitsForAnAppointedTime_WaitsPastMaxStepWaitLookingHourly()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, b) = Line();
        var startedAt = harness.Time.GetUtcNow();
        harness.Scripts[b] = new StepScript { WaitUntil = startedAt.AddHours(2.5) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);

        var results = new List<RunResult>();
        for (var i = 0; i < 5 && (results.Count == 0 || results[^1].Outcome == RunOutcome.Waiting); i++)
        {
            results.Add(await engine.DriveAsync(runId, CancellationToken.None));
            harness.Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(
            [new(RunOutcome.Waiting, startedAt.AddHours(1)), new(RunOutcome.Waiting, startedAt.AddHours(2)), new(RunOutcome.Waiting, startedAt.AddHours(2.5)), new(RunOutcome.Finished, null)],
            results);
        Assert.True(harness.Scripts[b].WaitUntil > startedAt.Add(EngineHarness.MaxStepWait), "the wait is longer than MaxStepWait");
        Assert.Equal(RunStates.Completed, (await LoadAsync(runId)).State);
    }

    [Fact]
    public async Task Cancel_OfARunParkedForHours_DrivesItAtOnceAndPausesIt()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, b) = Line();
        harness.Scripts[b] = new StepScript { WaitUntil = harness.Time.GetUtcNow().AddDays(3) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        Assert.Equal(RunOutcome.Waiting, (await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
        while (harness.Dispatched.TryDequeue(out _))
        {
        }

        await engine.CancelAsync(runId, CancellationToken.None);
        var woken = harness.Dispatched.Contains(runId);
        var result = await engine.DriveAsync(runId, CancellationToken.None);

        Assert.True(woken, "the parked run is dispatched at once");
        Assert.Equal(RunOutcome.Paused, result.Outcome);
        var run = await LoadAsync(runId);
        Assert.Equal(RunStates.Paused, run.State);
        Assert.Equal("cancelled", run.Error);
        Assert.Equal(1, harness.Scripts[b].Executions);
    }

    [Fact]
    public async Task Run_WhenAStepKeepsWaitingPastMaxStepWait_PausesWithAClearMessage()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, b) = Line();
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = -1, RetryAfter = TimeSpan.FromMinutes(4) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);

        var outcomes = new List<RunOutcome>();
        for (var i = 0; i < 5 && (outcomes.Count == 0 || outcomes[^1] == RunOutcome.Waiting); i++)
        {
            outcomes.Add((await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
            harness.Time.Advance(TimeSpan.FromMinutes(4));
        }

        // Waits at 0, 4 and 8 minutes; at 12 it has waited longer than the 10 allowed.
        Assert.Equal([RunOutcome.Waiting, RunOutcome.Waiting, RunOutcome.Waiting, RunOutcome.Paused], outcomes);
        var run = await LoadAsync(runId);
        Assert.Equal(RunStates.Paused, run.State);
        var step = run.Steps.Single(s => s.Name == b);
        Assert.Equal(StepStates.Failed, step.State);
        Assert.Equal(1, step.Attempts);
        Assert.Equal($"step {b} failed: gave up waiting for the thing {b} needs (look 4) after 00:12:00 (longer than Workflows:MaxStepWait, 00:10:00)", run.Error);
    }

    [Fact]
    public async Task Run_WhoseProcessDiesWhileAStepWaits_IsFoundByTheSweeperWhenDueAndFinishedElsewhere()
    {
        var (plan, _, b) = Line();
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = 1, RetryAfter = TimeSpan.FromSeconds(20) };
        Guid runId;
        await using (var dying = harness.NewServices("node-dying"))
        {
            var engine = dying.GetRequiredService<WorkflowEngine>();
            runId = await engine.StartAsync(plan, null, CancellationToken.None);
            Assert.Equal(RunOutcome.Waiting, (await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
        }
        // The process is gone, and with it whatever was to wake the run.
        await using var survivor = harness.NewServices("node-survivor");
        var sweeper = survivor.GetRequiredService<WorkflowEngine>();

        var beforeDue = await sweeper.FindOrphanedRunsAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var due = await sweeper.FindOrphanedRunsAsync(CancellationToken.None);
        var resumed = await sweeper.RunAsync(runId, CancellationToken.None);

        Assert.DoesNotContain(runId, beforeDue);
        Assert.Contains(runId, due);
        Assert.Equal(RunOutcome.Finished, resumed);
        var step = (await LoadAsync(runId)).Steps.Single(s => s.Name == b);
        Assert.Equal((StepStates.Done, 1), (step.State, step.Attempts));
    }

    [Fact]
    public async Task Run_WhoseProcessDiesWhileResumingAWait_CountsThatAsNoAttemptAndKeepsTheWaitClock()
    {
        var (plan, _, b) = Line();
        var hang = new TaskCompletionSource();
        // First execution yields; the second (resuming the wait) hangs: its process dies mid-step.
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = 1, RetryAfter = TimeSpan.FromSeconds(1) };
        await using var dying = harness.NewServices("node-dying");
        await using var survivor = harness.NewServices("node-survivor");
        var engine = dying.GetRequiredService<WorkflowEngine>();
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        var waitStarted = harness.Time.GetUtcNow();
        Assert.Equal(RunOutcome.Waiting, (await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        harness.Scripts[b].HangFirstExecution = null;
        var hangSecond = new HangingOnce(harness.Scripts[b], hang);
        using var death = new CancellationTokenSource();
        var abandoned = engine.RunAsync(runId, death.Token);
        await hangSecond.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await death.CancelAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(31));

        var resumed = await survivor.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        hang.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(RunOutcome.Finished, resumed);
        var step = (await LoadAsync(runId)).Steps.Single(s => s.Name == b);
        Assert.Equal((StepStates.Done, 1, waitStarted), (step.State, step.Attempts, step.StartedAt));
        Assert.All(harness.Scripts[b].Seen.Skip(1), seen => Assert.Equal((1, waitStarted), (seen.Attempt, seen.WaitingSince)));
    }

    [Fact]
    public async Task Rollback_WhenACompensationWaits_ParksAndFinishesTheRollbackLater()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b) = Line();
        harness.Scripts[a] = new StepScript { CompensationWaits = 1, RetryAfter = TimeSpan.FromSeconds(3) };
        harness.Scripts[b] = new StepScript { FailPermanently = true };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        Assert.Equal(RunOutcome.Paused, await engine.RunAsync(runId, CancellationToken.None));
        await engine.RollbackAsync(runId, CancellationToken.None);

        var first = await engine.DriveAsync(runId, CancellationToken.None);
        var parked = await LoadAsync(runId);
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await engine.DriveAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.Waiting, first.Outcome);
        Assert.Equal(RunStates.RollingBack, parked.State);
        Assert.StartsWith("Rolling back, waiting since ", parked.Steps.Single(s => s.Name == a).Error, StringComparison.Ordinal);
        Assert.Equal(RunOutcome.Finished, second.Outcome);
        var done = await LoadAsync(runId);
        Assert.Equal(RunStates.RolledBack, done.State);
        var compensated = done.Steps.Single(s => s.Name == a);
        Assert.Equal((StepStates.Compensated, (string?)null), (compensated.State, compensated.Error));
        Assert.Equal($"the undoing of {a} (look 1)", harness.Scripts[a].Seen.Last().WaitingFor);
        Assert.Equal(2, harness.Scripts[a].Compensations);
    }

    [Fact]
    public async Task Retry_OfARunCancelledWhileAStepWaited_StartsThatStepAfresh()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, b) = Line();
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = 1, RetryAfter = TimeSpan.FromSeconds(2) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        Assert.Equal(RunOutcome.Waiting, (await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
        await engine.CancelAsync(runId, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RunOutcome.Paused, await engine.RunAsync(runId, CancellationToken.None));

        await engine.RetryAsync(runId, CancellationToken.None);
        var outcome = await engine.RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.Finished, outcome);
        Assert.Equal((2, (string?)null), (harness.Scripts[b].Seen.Last().Attempt, harness.Scripts[b].Seen.Last().WaitingFor));
    }

    [Fact]
    public async Task Fail_OfARunCancelledWhileAStepWaited_LeavesNoStepSayingItWaits()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, b) = Line();
        harness.Scripts[b] = new StepScript { WaitsBeforeSuccess = 1, RetryAfter = TimeSpan.FromSeconds(2) };
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        Assert.Equal(RunOutcome.Waiting, (await engine.DriveAsync(runId, CancellationToken.None)).Outcome);
        await engine.CancelAsync(runId, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RunOutcome.Paused, await engine.RunAsync(runId, CancellationToken.None));
        var paused = (await LoadAsync(runId)).Steps.Single(s => s.Name == b).Error;

        await engine.FailAsync(runId, CancellationToken.None);

        Assert.StartsWith("Waiting since ", paused, StringComparison.Ordinal);
        var failed = await LoadAsync(runId);
        Assert.Equal((RunStates.Failed, (string?)null), (failed.State, failed.Steps.Single(s => s.Name == b).Error));
    }

    [Theory]
    [InlineData("00:00:15", "00:00:15", false)]
    [InlineData("00:00:15", "00:00:16", true)]
    public void Options_MaxStepWaitNotLongerThanTheSweepInterval_AreRejectedNamingTheKey(string sweep, string maxWait, bool valid)
    {
        var result = new WorkflowOptionsValidator().Validate(null, new WorkflowOptions { SweepInterval = TimeSpan.Parse(sweep, System.Globalization.CultureInfo.InvariantCulture), MaxStepWait = TimeSpan.Parse(maxWait, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Workflows:MaxStepWait: must be longer than Workflows:SweepInterval", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    /// <summary>Makes the next execution of a scripted step hang, as <see cref="StepScript.HangFirstExecution"/> does for the first.</summary>
    private sealed class HangingOnce
    {
        public HangingOnce(StepScript script, TaskCompletionSource hang)
        {
            script.HangFirstExecution = hang;
            // The script hangs on its first execution only: pretend the executions so far did not happen.
            script.Executions = 0;
            Reached = script.Started.Task.IsCompleted ? WaitForExecutionAsync(script) : script.Started.Task;
        }

        public Task Reached { get; }

        private static async Task WaitForExecutionAsync(StepScript script)
        {
            while (Volatile.Read(ref script.Executions) == 0)
            {
                await Task.Delay(10);
            }
        }
    }
}
