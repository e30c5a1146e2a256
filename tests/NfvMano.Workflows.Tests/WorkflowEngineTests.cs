using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;

namespace NfvMano.Workflows.Tests;

public sealed class WorkflowEngineTests(EngineHarness harness) : IClassFixture<EngineHarness>
{
    private static string Subject() => "vnf-" + Guid.NewGuid().ToString("N")[..8];

    // a → (b ∥ c) → d, step names unique per test so scripts do not leak between tests.
    private static (WorkflowPlan Plan, string A, string B, string C, string D) Diamond()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (a, b, c, d) = ($"a-{id}", $"b-{id}", $"c-{id}", $"d-{id}");
        var plan = new WorkflowPlan("test.diamond", Subject(), new JsonObject { ["flavour"] = "small" })
            .Step(a, "test.step")
            .Step(b, "test.step", dependsOn: a)
            .Step(c, "test.other", dependsOn: a)
            .Step(d, "test.step", dependsOn: [b, c]);
        return (plan, a, b, c, d);
    }

    private async Task<(string State, Dictionary<string, (string State, int Attempts, string? Output)> Steps)> ReadAsync(Guid runId) =>
        await harness.QueryAsync(async db =>
        {
            var run = await db.WorkflowRuns.Include(r => r.Steps).SingleAsync(r => r.Id == runId);
            return (run.State, run.Steps.ToDictionary(s => s.Name, s => (s.State, s.Attempts, s.OutputJson)));
        });

    [Fact]
    public async Task Run_WithParallelAndDependentSteps_CompletesInDependencyOrderAndCommitsOutbox()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b, c, d) = Diamond();

        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        var outcome = await engine.RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.Finished, outcome);
        Assert.Contains(runId, harness.Dispatched);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.All(steps.Values, s => Assert.Equal(StepStates.Done, s.State));
        var journal = harness.Journal.Where(e => e.EndsWith(a, StringComparison.Ordinal) || e.EndsWith(b, StringComparison.Ordinal) || e.EndsWith(c, StringComparison.Ordinal) || e.EndsWith(d, StringComparison.Ordinal)).ToList();
        Assert.Equal("execute:" + a, journal[0]);
        Assert.Equal("execute:" + d, journal[^1]);
        var sawByD = JsonNode.Parse(steps[d].Output!)!["saw"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(new[] { a, b, c }.Order(), sawByD);
        var outboxed = await harness.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.PayloadJson.Contains(runId.ToString())));
        Assert.Equal(4, outboxed);
    }

    [Fact]
    public async Task Run_WhenAStepFailsTransiently_RetriesItAndCompletes()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b, _, _) = Diamond();
        harness.Scripts[b] = new StepScript { FailuresBeforeSuccess = 2 };

        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        await engine.RunAsync(runId, CancellationToken.None);

        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.Equal(3, steps[b].Attempts);
        Assert.Equal(1, steps[a].Attempts);
    }

    [Fact]
    public async Task Run_WhenAStepFailsPermanently_PausesAndRollbackCompensatesInReverseOrder()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b, c, d) = Diamond();
        harness.Scripts[c] = new StepScript { FailPermanently = true };

        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        var first = await engine.RunAsync(runId, CancellationToken.None);
        var (pausedState, pausedSteps) = await ReadAsync(runId);
        await engine.RollbackAsync(runId, CancellationToken.None);
        var second = await engine.RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.Paused, first);
        Assert.Equal(RunStates.Paused, pausedState);
        Assert.Equal(StepStates.Failed, pausedSteps[c].State);
        Assert.Equal(StepStates.Pending, pausedSteps[d].State);
        Assert.Equal(RunOutcome.Finished, second);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.RolledBack, state);
        var compensations = harness.Journal.Where(e => e.StartsWith("compensate:", StringComparison.Ordinal) && (e.EndsWith(a, StringComparison.Ordinal) || e.EndsWith(b, StringComparison.Ordinal) || e.EndsWith(c, StringComparison.Ordinal) || e.EndsWith(d, StringComparison.Ordinal))).ToList();
        Assert.Equal(new[] { "compensate:" + c, "compensate:" + b, "compensate:" + a }, compensations);
        Assert.Equal(StepStates.Pending, steps[d].State);
    }

    [Fact]
    public async Task Retry_AfterAPause_ResumesFromTheFailedStepOnly()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, b, _, _) = Diamond();
        harness.Scripts[b] = new StepScript { FailuresBeforeSuccess = 3 };

        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        Assert.Equal(RunOutcome.Paused, await engine.RunAsync(runId, CancellationToken.None));
        await engine.RetryAsync(runId, CancellationToken.None);
        var outcome = await engine.RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.Finished, outcome);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.Equal(1, harness.Scripts.GetOrAdd(a, _ => new StepScript()).Executions);
        Assert.Equal(4, harness.Scripts[b].Executions);
        Assert.Equal(1, steps[b].Attempts);
    }

    [Fact]
    public async Task Run_WhenItsProcessDiesMidStep_IsResumedByAnotherProcessFromThatStep()
    {
        await using var dying = harness.NewServices("node-dying");
        await using var survivor = harness.NewServices("node-survivor");
        var (plan, a, b, c, d) = Diamond();
        var hang = new TaskCompletionSource();
        harness.Scripts[b] = new StepScript { HangFirstExecution = hang };
        var engineA = dying.GetRequiredService<WorkflowEngine>();
        var runId = await engineA.StartAsync(plan, null, CancellationToken.None);

        using var death = new CancellationTokenSource();
        var abandoned = engineA.RunAsync(runId, death.Token);
        await harness.Scripts[b].Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await death.CancelAsync(); // its heartbeat stops; the hung step never returns

        var tooEarly = await survivor.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        var resumed = await survivor.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        hang.SetResult();
        // The dead process's run call ends with its cancellation and writes nothing more.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(RunOutcome.NotOwner, tooEarly);
        Assert.Equal(RunOutcome.Finished, resumed);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.Equal(2, steps[b].Attempts);
        Assert.Equal(StepStates.Done, steps[b].State);
        Assert.Equal(1, harness.Scripts.GetOrAdd(a, _ => new StepScript()).Executions);
        // c ran beside b: if the death caught it in flight it runs again, never more than that.
        Assert.InRange(harness.Scripts.GetOrAdd(c, _ => new StepScript()).Executions, 1, 2);
        Assert.Equal(1, harness.Scripts.GetOrAdd(d, _ => new StepScript()).Executions);
    }

    [Fact]
    public async Task Run_DrivenByTwoProcessesAtOnce_ExecutesEachStepOnce()
    {
        await using var nodeA = harness.NewServices("node-a");
        await using var nodeB = harness.NewServices("node-b");
        var (plan, a, b, c, d) = Diamond();
        var runId = await nodeA.GetRequiredService<WorkflowEngine>().StartAsync(plan, null, CancellationToken.None);

        var outcomes = await Task.WhenAll(
            nodeA.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None),
            nodeB.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None));

        Assert.Contains(RunOutcome.Finished, outcomes);
        Assert.Equal(RunStates.Completed, (await ReadAsync(runId)).State);
        foreach (var step in new[] { a, b, c, d })
        {
            Assert.Equal(1, harness.Scripts.GetOrAdd(step, _ => new StepScript()).Executions);
        }
    }

    [Fact]
    public async Task Start_WhileTheSubjectHasAnUnfinishedRun_IsAConflict()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var subject = Subject();
        await engine.StartAsync(new WorkflowPlan("test.one", subject).Then("only-" + subject, "test.step"), null, CancellationToken.None);

        await Assert.ThrowsAsync<WorkflowConflictException>(() =>
            engine.StartAsync(new WorkflowPlan("test.two", subject).Then("other-" + subject, "test.step"), null, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_BeforeItStarts_RollsBackWithoutExecutingAnything()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, a, _, _, _) = Diamond();
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);

        await engine.CancelAsync(runId, CancellationToken.None);
        await engine.RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunStates.RolledBack, (await ReadAsync(runId)).State);
        Assert.False(harness.Scripts.ContainsKey(a));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => engine.RetryAsync(runId, CancellationToken.None));
    }

    [Fact]
    public async Task Controls_OnARunInTheWrongState_AreConflicts()
    {
        await using var node = harness.NewServices("node-a");
        var engine = node.GetRequiredService<WorkflowEngine>();
        var (plan, _, _, _, _) = Diamond();
        var runId = await engine.StartAsync(plan, null, CancellationToken.None);
        await engine.RunAsync(runId, CancellationToken.None);

        await Assert.ThrowsAsync<WorkflowConflictException>(() => engine.RollbackAsync(runId, CancellationToken.None));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => engine.FailAsync(runId, CancellationToken.None));
        await Assert.ThrowsAsync<WorkflowConflictException>(() => engine.CancelAsync(runId, CancellationToken.None));
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => engine.RetryAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_FindsRunsWhoseOwnerWentSilent()
    {
        await using var dying = harness.NewServices("node-dying");
        await using var survivor = harness.NewServices("node-survivor");
        var (plan, _, b, _, _) = Diamond();
        var hang = new TaskCompletionSource();
        harness.Scripts[b] = new StepScript { HangFirstExecution = hang };
        var runId = await dying.GetRequiredService<WorkflowEngine>().StartAsync(plan, null, CancellationToken.None);
        using var death = new CancellationTokenSource();
        var abandoned = dying.GetRequiredService<WorkflowEngine>().RunAsync(runId, death.Token);
        await harness.Scripts[b].Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await death.CancelAsync();

        var whileAlive = await survivor.GetRequiredService<WorkflowEngine>().FindOrphanedRunsAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        var afterDeath = await survivor.GetRequiredService<WorkflowEngine>().FindOrphanedRunsAsync(CancellationToken.None);
        await survivor.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        hang.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.DoesNotContain(runId, whileAlive);
        Assert.Contains(runId, afterDeath);
    }

    [Fact]
    public async Task Run_OnAProcessWithoutOneOfItsStepHandlers_IsLeftUntouchedForOneThatHasIt()
    {
        await using var lacking = harness.NewServices("node-old", lacking: "test.other");
        await using var complete = harness.NewServices("node-new");
        var (plan, _, _, c, _) = Diamond();
        var runId = await complete.GetRequiredService<WorkflowEngine>().StartAsync(plan, null, CancellationToken.None);

        var refused = await lacking.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        var untouched = await harness.QueryAsync(db => db.WorkflowRuns.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Id == runId));
        var finished = await complete.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);

        Assert.Equal(RunOutcome.NotOwner, refused);
        Assert.Equal((RunStates.Pending, (string?)null), (untouched.State, untouched.Owner));
        Assert.All(untouched.Steps, s => Assert.Equal((StepStates.Pending, 0), (s.State, s.Attempts)));
        Assert.Equal(RunOutcome.Finished, finished);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.Equal(1, steps[c].Attempts);
    }

    [Fact]
    public async Task StaleOwner_ThatWakesAfterATakeover_WritesNothingAndStops()
    {
        await using var stale = harness.NewServices("node-stale");
        await using var taker = harness.NewServices("node-taker");
        // A line, so that no sibling step of the stale owner commits (and renews its lease) meanwhile.
        var id = Guid.NewGuid().ToString("N")[..6];
        var (a, b) = ($"a-{id}", $"b-{id}");
        var plan = new WorkflowPlan("test.line", Subject()).Then(a, "test.step").Then(b, "test.step");
        var hang = new TaskCompletionSource();
        harness.Scripts[b] = new StepScript { HangFirstExecution = hang };
        var runId = await stale.GetRequiredService<WorkflowEngine>().StartAsync(plan, null, CancellationToken.None);
        var staleRun = stale.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        await harness.Scripts[b].Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The stale owner froze long enough for its lease to lapse (a VM pause, a GC stall).
        await harness.QueryAsync(db => db.WorkflowRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseExpiresAt, harness.Time.GetUtcNow().AddSeconds(-1))));
        var taken = await taker.GetRequiredService<WorkflowEngine>().RunAsync(runId, CancellationToken.None);
        hang.SetResult();
        var woke = await staleRun.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunOutcome.Finished, taken);
        Assert.Equal(RunOutcome.NotOwner, woke);
        var (state, steps) = await ReadAsync(runId);
        Assert.Equal(RunStates.Completed, state);
        Assert.Equal(StepStates.Done, steps[b].State);
        Assert.Null(await harness.QueryAsync(db => db.WorkflowSteps.Where(s => s.RunId == runId && s.Name == b).Select(s => s.Error).SingleAsync()));
    }
}
