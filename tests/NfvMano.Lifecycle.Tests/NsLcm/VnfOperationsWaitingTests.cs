using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.Tests.VnfLcm;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.Tests.NsLcm;

/// <summary>
/// How an NS step waits for its VNF operation without holding a worker, and how it judges what it finds when the
/// engine runs it again: the VNF operation is a real one of the VNF LCM on the libvirt test driver.
/// </summary>
public sealed class VnfOperationsWaitingTests
{
    private const string Tenant = "default";
    private static readonly CancellationToken None = CancellationToken.None;

    private static StepContext Step(NfvManoDbContext db, Guid runId, string? waitingFor) =>
        new(runId, "ns.test", "ns-" + runId, "vnf-a", 1, [], new JsonObject { ["tenantId"] = Tenant }, new Dictionary<string, JsonObject>(), db, TimeProvider.System,
            waitingFor, waitingFor is null ? null : DateTimeOffset.UtcNow);

    [Fact]
    public async Task EnsureCompleted_ResumedAfterItsOperationFailed_FailsTheStepAndRetriesOnlyOnAFreshAttempt()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));
        var vnfs = new VnfOperations(h.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
        await using var scope = h.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var runId = Guid.NewGuid();
        var marker = VnfOperations.MarkerOf(Step(db, runId, null));
        Task<Guid> Instantiate(VnfLcmService lcm) => lcm.InstantiateAsync(Tenant, instance.Id, "standard", null, VnfOperations.Marked([], marker), None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Vim.HoldServerCreation = release;
        h.Vim.FailNextServerCreations(2); // both of the VNF step's attempts: the VNF operation ends FAILED_TEMP

        var yielded = await Assert.ThrowsAsync<StepWaitingException>(() => vnfs.EnsureCompletedAsync(Step(db, runId, null), instance.Id, "test VNF", Instantiate, None));
        var op = (await vnfs.FindStartedAsync(instance.Id, marker, None))!;
        release.SetResult();
        Assert.Equal("FAILED_TEMP", (await h.WaitAsync(op.Id, "FAILED_TEMP", "COMPLETED")).OperationState);
        var creationsBefore = h.Vim.CreateServerCalls;
        var resumed = await Assert.ThrowsAsync<PermanentStepException>(() =>
            vnfs.EnsureCompletedAsync(Step(db, runId, yielded.WaitingFor), instance.Id, "test VNF", Instantiate, None));
        var afterResume = await vnfs.OpOccAsync(op.Id, None);
        var creationsAfterResume = h.Vim.CreateServerCalls;
        var retried = await vnfs.EnsureCompletedAsync(Step(db, runId, null), instance.Id, "test VNF", Instantiate, None);

        Assert.Equal(TimeSpan.FromSeconds(2), yielded.RetryAfter);
        Assert.Equal($"VNF LCM operation {op.Id} (INSTANTIATE, PROCESSING) on VNF instance {instance.Id}", yielded.WaitingFor);
        Assert.Equal(new VnfOperations.WaitedOperation(op.Id, "INSTANTIATE", "PROCESSING"), VnfOperations.WaitedFor(Step(db, runId, yielded.WaitingFor)));
        // What it waited for failed: the NS step stops there (FAILED_TEMP for the operator), it does not retry the VNF's.
        Assert.Contains($"VNF LCM operation {op.Id} (INSTANTIATE) on VNF instance {instance.Id} is FAILED_TEMP", resumed.Message, StringComparison.Ordinal);
        Assert.Equal("FAILED_TEMP", afterResume.OperationState);
        Assert.Equal(creationsBefore, creationsAfterResume);
        // A fresh attempt (the NS operation retried) finds it FAILED_TEMP and retries that same VNF operation.
        Assert.Equal((op.Id, "COMPLETED"), (retried.Id, retried.OperationState));
    }

    [Fact]
    public async Task EnsureGone_WhenTheVnfHasARunningOperation_YieldsAndFinishesWhenRunAgain()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));
        var vnfs = new VnfOperations(h.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
        await using var scope = h.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var runId = Guid.NewGuid();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Vim.HoldServerCreation = release;
        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None));

        var yielded = await Assert.ThrowsAsync<StepWaitingException>(() => vnfs.EnsureGoneAsync(Step(db, runId, null), instance.Id, "removing test VNF", None));
        release.SetResult();
        await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        // Run again, it terminates the now instantiated VNF (polling in place, the test driver is quick) and deletes it.
        await vnfs.EnsureGoneAsync(Step(db, runId, yielded.WaitingFor), instance.Id, "removing test VNF", None);

        Assert.StartsWith($"VNF LCM operation {op} (INSTANTIATE, ", yielded.WaitingFor, StringComparison.Ordinal);
        Assert.Null(await vnfs.FindVnfAsync(instance.Id, None));
        Assert.Empty((await h.OwnedAsync()).Servers);
    }
}
