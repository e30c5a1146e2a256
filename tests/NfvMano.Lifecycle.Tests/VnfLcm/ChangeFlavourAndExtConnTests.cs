using System.Text.Json.Nodes;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Lifecycle.Tests.VnfLcm;

/// <summary>SOL003 change_flavour (make-before-break, rollback keeps the old flavour) and change_ext_conn.</summary>
public sealed class ChangeFlavourAndExtConnTests
{
    private const string Tenant = "default";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ChangeFlavour_WhenTheNewFlavourDoesNotFit_FailsTempAndRollbackKeepsTheOldFlavourThenAFittingOneReplacesIt()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 2);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, "fw-flavours", null, null, None));
        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "lab", null, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        var lab = Assert.Single((await h.StateAsync(instance.Id))!.Vnfcs);
        Assert.Equal("fw_lab", lab.VduId);

        // Three engines under anti-affinity on two hosts: rejected before anything of the old flavour is touched.
        op = await h.LcmAsync(s => s.ChangeFlavourAsync(Tenant, instance.Id, "standard", "large", [], None));
        var failed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.Equal("FAILED_TEMP", failed.OperationState);
        Assert.Equal(VnfLcmStates.Operations.ChangeFlavour, failed.Operation);
        Assert.Contains("grant rejected by placement", (string)JsonNode.Parse(failed.ErrorJson!)!["detail"]!, StringComparison.Ordinal);
        await h.LcmAsync(async s => { await s.RollbackAsync(Tenant, op, None); return 0; });
        Assert.Equal("ROLLED_BACK", (await h.WaitAsync(op, "ROLLED_BACK", "FAILED_TEMP")).OperationState);
        var state = (await h.StateAsync(instance.Id))!;
        Assert.Equal("lab", state.FlavourId);
        Assert.Equal(lab.Id, Assert.Single(state.Vnfcs).Id);
        Assert.Equal(lab.ServerId, Assert.Single((await h.OwnedAsync()).Servers).Id);
        Assert.Single(await h.ClaimsAsync());

        op = await h.LcmAsync(s => s.ChangeFlavourAsync(Tenant, instance.Id, "standard", "medium", [], None));
        var changed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.True(changed.OperationState == "COMPLETED", changed.ErrorJson);
        state = (await h.StateAsync(instance.Id))!;
        Assert.Equal("standard", state.FlavourId);
        Assert.Equal("medium", state.InstantiationLevelId);
        Assert.All(state.Vnfcs, v => Assert.Equal("fw", v.VduId));
        Assert.Equal(2, state.Vnfcs.Count);
        Assert.Equal(["fw_capacity"], state.ScaleLevels.Keys);
        var servers = (await h.OwnedAsync()).Servers;
        Assert.Equal(state.Vnfcs.Select(v => v.ServerId).Order(), servers.Select(s => s.Id).Order());
        Assert.DoesNotContain(servers, s => s.Id == lab.ServerId);
        Assert.Equal(2, (await h.ClaimsAsync()).Count);
        Assert.True((await h.ReconcileAsync()).InSync);
        var changes = JsonNode.Parse(changed.ResourceChangesJson!)!["affectedVnfcs"]!.AsArray();
        Assert.Equal(["ADDED", "ADDED", "REMOVED"], changes.Select(c => (string)c!["changeType"]!).Order());

        await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.ChangeFlavourAsync(Tenant, instance.Id, "standard", null, [], None)));
        await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.ChangeFlavourAsync(Tenant, instance.Id, "gold", null, [], None)));
    }

    [Fact]
    public async Task ChangeExtConn_RecordsTheLinksReplacesAndDisconnectsByIdAndRejectsUnknownCpsAllAtOnce()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));
        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "standard", null, [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        var vnfcs = (await h.StateAsync(instance.Id))!.Vnfcs;

        var links = JsonNode.Parse("""
            [{"id": "ext-in", "resourceId": "net-in", "extCps": [{"cpdId": "fw_in", "cpConfig": {"in-0": {"cpProtocolData": [{"layerProtocol": "IP_OVER_ETHERNET"}]}}}]},
             {"id": "ext-out", "resourceId": "net-out", "extCps": [{"cpdId": "fw_out", "cpConfig": {"out-0": {"linkPortId": "port-7"}}}]}]
            """)!.AsArray();
        op = await h.LcmAsync(s => s.ChangeExtConnAsync(Tenant, instance.Id, links, [], None));
        var done = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.Equal(VnfLcmStates.Operations.ChangeExtConn, done.Operation);
        var state = (await h.StateAsync(instance.Id))!;
        Assert.Equal(["ext-in", "ext-out"], state.ExtVirtualLinks!.Select(l => l.Id).Order());
        var cpIn = Assert.Single(state.ExtVirtualLinks!.Single(l => l.Id == "ext-in").ExtCps);
        Assert.Equal(("fw_in", "in-0"), (cpIn.CpdId, cpIn.CpConfigId));
        Assert.Equal("port-7", state.ExtVirtualLinks!.Single(l => l.Id == "ext-out").ExtCps[0].LinkPortId);
        Assert.Equal(vnfcs.Select(v => v.ServerId), state.Vnfcs.Select(v => v.ServerId));

        // A link given without CPs is disconnected; the other stays.
        op = await h.LcmAsync(s => s.ChangeExtConnAsync(Tenant, instance.Id, JsonNode.Parse("""[{"id": "ext-out", "extCps": []}]""")!.AsArray(), [], None));
        Assert.Equal("COMPLETED", (await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP")).OperationState);
        Assert.Equal("ext-in", Assert.Single((await h.StateAsync(instance.Id))!.ExtVirtualLinks!).Id);

        var invalid = await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.ChangeExtConnAsync(Tenant, instance.Id,
            JsonNode.Parse("""[{"id": "a", "extCps": [{"cpdId": "nope"}]}, {"extCps": []}]""")!.AsArray(), [], None)));
        Assert.Equal(VnfLcmErrorKind.Invalid, invalid.Kind);
        Assert.Contains("$.extVirtualLinks[0].extCps[0].cpdId: 'nope'", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("$.extVirtualLinks[1]", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalLinks_PlugVirtioCpsIntoTheLinksNetworkAtInstantiate_AndAMoveTheVimCannotHotPlugRollsBackUnchanged()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 1);
        var vnfdId = await h.OnboardAsync("firewall");
        await h.Libvirt.CreateNetworkAsync(new NfvMano.Vim.Networks.NetworkSpec("compute-1", "ext-a"), None);
        await h.Libvirt.CreateNetworkAsync(new NfvMano.Vim.Networks.NetworkSpec("compute-1", "ext-b"), None);
        var instance = await h.LcmAsync(s => s.CreateAsync(Tenant, vnfdId, null, null, null, None));

        // A virtio CP needs the link's VIM network: refused before anything is planned.
        var unplugged = await Assert.ThrowsAsync<VnfLcmException>(() => h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "lab", null,
            new JsonObject { ["extVirtualLinks"] = JsonNode.Parse("""[{"id": "ext-in", "extCps": [{"cpdId": "lab_in"}]}]""") }, None)));
        Assert.Contains("$.extVirtualLinks[0].resourceId: required to plug 'lab_in'", unplugged.Message, StringComparison.Ordinal);

        var links = JsonNode.Parse("""[{"id": "ext-in", "resourceId": "ext-a", "extCps": [{"cpdId": "lab_in"}]}]""")!.AsArray();
        var op = await h.LcmAsync(s => s.InstantiateAsync(Tenant, instance.Id, "lab", null, new JsonObject { ["extVirtualLinks"] = links }, None));
        var done = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.True(done.OperationState == "COMPLETED", done.ErrorJson);
        var vnfc = Assert.Single((await h.StateAsync(instance.Id))!.Vnfcs);
        Assert.Equal("ext-a", vnfc.Ports["lab_in"]);
        Assert.False(vnfc.Ports.ContainsKey("lab_out"));
        var mac = ExternalPorts.Mac(instance.Id, vnfc.Id, "lab_in");
        var xml = System.Xml.Linq.XDocument.Parse(await h.Libvirt.GetServerXmlAsync(new NfvMano.Vim.VimResourceRef(vnfc.Host, vnfc.ServerName), inactive: false, None));
        var nic = Assert.Single(xml.Descendants("interface"), i => (string?)i.Element("mac")?.Attribute("address") == mac);
        // The driver names what it manages with its prefix: ext-a is the network it created above.
        Assert.EndsWith("-ext-a", (string?)nic.Element("source")?.Attribute("network"), StringComparison.Ordinal);

        // libvirt's test driver cannot hot-plug: the move fails without touching the server; declared FAILED, the
        // instance still shows ext-a (a real libvirtd moves it: the end-to-end tests).
        op = await h.LcmAsync(s => s.ChangeExtConnAsync(Tenant, instance.Id,
            JsonNode.Parse("""[{"id": "ext-in", "resourceId": "ext-b", "extCps": [{"cpdId": "lab_in"}]}]""")!.AsArray(), [], None));
        var failed = await h.WaitAsync(op, "COMPLETED", "FAILED_TEMP");
        Assert.Equal("FAILED_TEMP", failed.OperationState);
        Assert.Contains($"ext-conn:{vnfc.Id}", failed.ErrorJson, StringComparison.Ordinal);
        await h.LcmAsync(async s => { await s.FailAsync(Tenant, op, None); return 0; });
        Assert.Equal("FAILED", (await h.WaitAsync(op, "FAILED")).OperationState);
        xml = System.Xml.Linq.XDocument.Parse(await h.Libvirt.GetServerXmlAsync(new NfvMano.Vim.VimResourceRef(vnfc.Host, vnfc.ServerName), inactive: false, None));
        Assert.EndsWith("-ext-a", (string?)Assert.Single(xml.Descendants("interface"), i => (string?)i.Element("mac")?.Attribute("address") == mac).Element("source")?.Attribute("network"), StringComparison.Ordinal);
        var state = (await h.StateAsync(instance.Id))!;
        Assert.Equal("ext-a", Assert.Single(state.Vnfcs).Ports["lab_in"]);
        Assert.Equal("ext-a", Assert.Single(state.ExtVirtualLinks!).ResourceId);
    }
}
