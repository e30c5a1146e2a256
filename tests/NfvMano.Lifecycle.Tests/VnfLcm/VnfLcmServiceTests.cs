using System.Text.Json.Nodes;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.Servers;

namespace NfvMano.Lifecycle.Tests.VnfLcm;

/// <summary>VNF lifecycle operations end to end: service → workflow engine → grant by placement → libvirt test driver.</summary>
public sealed class VnfLcmServiceTests
{
    private const string Tenant = "default";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FullLifecycle_OnTheTestDriver_PlacesScalesHealsOperatesTerminatesAndLeavesNothing()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 2);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, "fw-1", null, null, None));

        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None));
        var instantiated = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.True(instantiated.OperationState == "COMPLETED", instantiated.ErrorJson);
        var state = (await h.StateAsync(instance.Id))!;
        var first = Assert.Single(state.Vnfcs);
        Assert.Equal("fw", first.VduId);
        Assert.Equal(0, state.ScaleLevels["fw_capacity"]);
        Assert.Equal(4, first.Assignment.Cells.Sum(c => c.PinnedCpus.Length));
        Assert.Equal(2048, first.Assignment.Cells[0].PageSizeKiB);
        Assert.Equal(2, first.Assignment.Vfs.Length);
        var owned = await h.OwnedAsync();
        var server = Assert.Single(owned.Servers);
        Assert.Equal((first.Host, first.ServerId), (server.Ref.HostId, server.Id));
        Assert.Equal(ServerState.Running, server.State);
        Assert.Equal(instance.Id.ToString(), server.Owner!.VnfInstanceId);
        Assert.Single(await h.ClaimsAsync());

        op = await h.LcmAsync(s => s.ScaleAsync(Tenant, instance.Id, "SCALE_OUT", "fw_capacity", 1, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        state = (await h.StateAsync(instance.Id))!;
        Assert.Equal(2, state.Vnfcs.Count);
        Assert.Equal(1, state.ScaleLevels["fw_capacity"]);
        // Anti-affinity on nfvi_node: the two engines never share a host.
        Assert.Equal(2, state.Vnfcs.Select(v => v.Host).Distinct().Count());
        Assert.Equal(2, (await h.ClaimsAsync()).Count);
        Assert.True((await h.ReconcileAsync()).InSync);

        var healed = state.Vnfcs[1];
        op = await h.LcmAsync(s => s.HealAsync(Tenant, instance.Id, [healed.Id], [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        var afterHeal = (await h.StateAsync(instance.Id))!.Vnfcs.Single(v => v.Id == healed.Id);
        Assert.Equal(healed.Assignment.Host, afterHeal.Assignment.Host);
        Assert.Equal(healed.Assignment.Cells[0].PinnedCpus.ToArray(), afterHeal.Assignment.Cells[0].PinnedCpus.ToArray());
        Assert.Equal(2, (await h.OwnedAsync()).Servers.Count);

        op = await h.LcmAsync(s => s.OperateAsync(Tenant, instance.Id, "STOPPED", "GRACEFUL", 1, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        Assert.All((await h.OwnedAsync()).Servers, s => Assert.Equal(ServerState.Stopped, s.State));
        Assert.Equal("STOPPED", (await h.StateAsync(instance.Id))!.VnfState);
        op = await h.LcmAsync(s => s.OperateAsync(Tenant, instance.Id, "STARTED", null, null, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        Assert.All((await h.OwnedAsync()).Servers, s => Assert.Equal(ServerState.Running, s.State));

        op = await h.LcmAsync(s => s.ScaleAsync(Tenant, instance.Id, "SCALE_IN", "fw_capacity", 1, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        state = (await h.StateAsync(instance.Id))!;
        Assert.Equal(first.Id, Assert.Single(state.Vnfcs).Id);
        Assert.Equal(first.ServerId, Assert.Single((await h.OwnedAsync()).Servers).Id);
        Assert.Equal(VnfcRealiser.RequestId(instance.Id, first.Id), Assert.Single(await h.ClaimsAsync()).RequestId);

        op = await h.LcmAsync(s => s.TerminateAsync(Tenant, instance.Id, "GRACEFUL", 1, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        Assert.Empty((await h.OwnedAsync()).Servers);
        Assert.Empty(await h.ClaimsAsync());
        Assert.Equal(VnfLcmStates.NotInstantiated, (await h.LcmAsync(s => s.GetAsync(Tenant, instance.Id, None))).InstantiationState);
        await h.LcmAsync(async s => { await s.DeleteAsync(Tenant, instance.Id, None); return 0; });

        var notifications = await h.NotificationsAsync();
        Assert.Equal(VnfLcmNotifications.IdentifierCreation, notifications[0].Type);
        Assert.Equal(VnfLcmNotifications.IdentifierDeletion, notifications[^1].Type);
        var opNotifications = notifications.Where(n => n.Type == VnfLcmNotifications.OperationOccurrence).Select(n => n.Notification).ToList();
        // Each of the 7 operations: STARTING, PROCESSING, COMPLETED.
        Assert.Equal(21, opNotifications.Count);
        Assert.Equal(["STARTING", "PROCESSING", "COMPLETED"], opNotifications.Take(3).Select(n => (string)n["operationState"]!));
        Assert.Equal(["START", "START", "RESULT"], opNotifications.Take(3).Select(n => (string)n["notificationStatus"]!));
        Assert.Equal("ADDED", (string)opNotifications[2]["affectedVnfcs"]![0]!["changeType"]!);
    }

    [Fact]
    public async Task Instantiate_WhenAntiAffinityLeavesNoHost_FailsTempWithPlacementReasonAndRollbackLeavesNothing()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));

        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", "medium", [], None));
        var failed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");

        Assert.Equal("FAILED_TEMP", failed.OperationState);
        var error = JsonNode.Parse(failed.ErrorJson!)!;
        Assert.Equal((403, "Grant rejected"), ((int)error["status"]!, (string)error["title"]!));
        var detail = (string)error["detail"]!;
        Assert.Contains("grant rejected by placement", detail, StringComparison.Ordinal);
        Assert.Contains("anti-affinity", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await h.ClaimsAsync());

        await h.LcmAsync(async s => { await s.RollbackAsync(Tenant, op, None); return 0; });
        Assert.Equal("ROLLED_BACK", (await h.WaitAsync(op, "ROLLED_BACK", "FAILED_TEMP")).OperationState);
        var owned = await h.OwnedAsync();
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Networks);
        Assert.Empty(owned.Volumes);
        Assert.Empty(await h.ClaimsAsync());
        Assert.True((await h.ReconcileAsync()).InSync);
        var after = await h.LcmAsync(s => s.GetAsync(Tenant, instance.Id, None));
        Assert.Equal(VnfLcmStates.NotInstantiated, after.InstantiationState);
        Assert.Null(after.CurrentOpOccId);

        // What fits is then granted: one engine on the one host.
        op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", "small", [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
    }

    [Fact]
    public async Task Instantiate_WhenServerCreationFailsPastItsAttempts_IsFailedTempBlocksOtherOperationsAndRetryCompletes()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));
        h.Vim.FailNextServerCreations(2);

        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None));
        var failed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");

        Assert.Equal("FAILED_TEMP", failed.OperationState);
        Assert.Contains("injected failure", failed.ErrorJson, StringComparison.Ordinal);
        var conflict = await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.TerminateAsync(Tenant, instance.Id, "FORCEFUL", null, [], None)));
        Assert.Equal(VnfLcmErrorKind.Conflict, conflict.Kind);
        Assert.Contains(op.ToString(), conflict.Message, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None)));
        Assert.Equal(VnfLcmErrorKind.Conflict, again.Kind);
        var notRunning = await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(async s => { await s.CancelAsync(Tenant, op, None); return 0; }));
        Assert.Equal(VnfLcmErrorKind.Conflict, notRunning.Kind);

        await h.LcmAsync(async s => { await s.RetryAsync(Tenant, op, None); return 0; });
        var completed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");

        Assert.Equal("COMPLETED", completed.OperationState);
        Assert.Single((await h.StateAsync(instance.Id))!.Vnfcs);
        Assert.Single((await h.OwnedAsync()).Servers);
        Assert.Single(await h.ClaimsAsync());
        var states = (await h.NotificationsAsync()).Where(n => n.Type == VnfLcmNotifications.OperationOccurrence)
            .Select(n => (string)n.Notification["operationState"]!).ToList();
        Assert.Equal(["STARTING", "PROCESSING", "FAILED_TEMP", "PROCESSING", "COMPLETED"], states);
    }

    [Fact]
    public async Task Instantiate_VRouter_CreatesItsInternalNetworksOnTheHostAndPinsTheDataPlane()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1, "node-2numa-sriov.xml");
        var vnfdId = await h.OnboardAsync("vrouter");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));

        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "default", null, [], None));
        var done = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");

        Assert.True(done.OperationState == "COMPLETED", done.ErrorJson);
        var state = (await h.StateAsync(instance.Id))!;
        Assert.Equal(["control", "dataplane"], state.Vnfcs.Select(v => v.VduId).Order());
        Assert.Equal(["internal_vl", "mgmt_vl"], state.Networks.Select(n => n.VirtualLinkId).Order());
        var owned = await h.OwnedAsync();
        Assert.Equal(state.Networks.Select(n => n.Name).Order(), owned.Networks.Select(n => n.Ref.Name).Order());
        Assert.True((await h.ReconcileAsync()).InSync);
        var dataplane = state.Vnfcs.Single(v => v.VduId == "dataplane");
        Assert.Equal(2, dataplane.Assignment.Cells.Length);
        Assert.All(dataplane.Assignment.Cells, c => Assert.Equal(1048576, c.PageSizeKiB));

        op = await h.LcmAsync(s => s.TerminateAsync(Tenant, instance.Id, "FORCEFUL", null, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        owned = await h.OwnedAsync();
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Networks);
        Assert.Empty(await h.ClaimsAsync());
    }

    [Fact]
    public async Task Cancel_WhileProcessing_StopsAfterTheCurrentStepAsFailedTempAndRollbackRemovesWhatItMade()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Vim.HoldServerCreation = release;

        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None));
        await h.Vim.ServerCreationHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await h.LcmAsync(async s => { await s.CancelAsync(Tenant, op, None); return 0; });
        Assert.True((await h.LcmAsync(s => s.GetOpOccAsync(Tenant, op, None))).CancelPending);
        release.SetResult();
        var cancelled = await h.WaitAsync(op, "FAILED_TEMP", "COMPLETED");

        Assert.Equal("FAILED_TEMP", cancelled.OperationState);
        Assert.Contains("cancelled", cancelled.ErrorJson, StringComparison.Ordinal);
        Assert.False((await h.LcmAsync(s => s.GetOpOccAsync(Tenant, op, None))).CancelPending);
        // The step in flight finished: its server exists until the rollback.
        Assert.Single((await h.OwnedAsync()).Servers);
        await h.LcmAsync(async s => { await s.RollbackAsync(Tenant, op, None); return 0; });
        Assert.Equal("ROLLED_BACK", (await h.WaitAsync(op, "ROLLED_BACK", "FAILED_TEMP")).OperationState);
        Assert.Empty((await h.OwnedAsync()).Servers);
        Assert.Empty(await h.ClaimsAsync());
        Assert.True((await h.ReconcileAsync()).InSync);
    }
}
