using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Vim.Ovs.Tests.EndToEnd;

/// <summary>Chains programmed on a real Open vSwitch and checked with <c>ofproto/trace</c>.</summary>
[Collection(OvsCollection.Name)]
public sealed class ForwardingGraphTests : IAsyncLifetime
{
    private const string Web = "ns-1/vnffg_web/nfp_web";
    private const string Dns = "ns-2/vnffg_dns/nfp_dns";

    private static readonly ForwardingChain WebChain = new(
        Web,
        [new FlowClassifier { EtherType = "ipv4", Protocol = "tcp", SourceIpPrefix = "10.0.0.0/24", DestinationPorts = PortRange.Single(80) }],
        "sap-in",
        [new ChainHop("r-in", "r-out"), new ChainHop("fw-in", "fw-out")],
        "sap-out");

    private static readonly ForwardingChain DnsChain = new(
        Dns,
        [new FlowClassifier { Protocol = "udp", SourceIpPrefix = "10.0.1.0/24", DestinationPorts = PortRange.Single(53) }],
        "sap-in",
        [new ChainHop("fw-in", "fw-out")],
        "sap-out");

    private readonly OvsBridgeFixture _ovs;

    public ForwardingGraphTests(OvsBridgeFixture ovs) => _ovs = ovs;

    public Task InitializeAsync() => OvsBridgeFixture.Available ? _ovs.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    private static string WebPacket(string inPort, int dstPort = 80, string src = "10.0.0.5") =>
        $"in_port={inPort},tcp,dl_dst={OvsBridgeFixture.SapOutMac},nw_src={src},nw_dst=198.51.100.7,tcp_src=40000,tcp_dst={dstPort}";

    private async Task AssertGoesTo(string packet, string expectedPort, ulong? cookie)
    {
        var trace = await _ovs.Tracer.TraceAsync(packet, CancellationToken.None);
        Assert.True(trace.OutputPorts.SequenceEqual([expectedPort]), $"{packet} left by [{string.Join(", ", trace.OutputPorts)}], expected {expectedPort}:\n{trace.Text}");
        if (cookie is { } c)
        {
            Assert.Equal([c], trace.Cookies);
        }
        else
        {
            Assert.DoesNotContain(trace.Cookies, ChainCookie.IsChainCookie);
        }
    }

    [OvsFact]
    public async Task Apply_RouterThenFirewall_MatchingPacketPassesRouterThenFirewallThenLeavesByTheEgressSap()
    {
        var flows = await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        Assert.Equal(3, flows.Flows.Count);
        var cookie = ChainCookie.For(Web);

        await AssertGoesTo(WebPacket("sap-in"), "r-in", cookie);
        await AssertGoesTo(WebPacket("r-out"), "fw-in", cookie);
        await AssertGoesTo(WebPacket("fw-out"), "sap-out", cookie);
    }

    [OvsFact]
    public async Task Apply_NonMatchingPacket_IsSwitchedNormallyAndNeverReachesTheRouter()
    {
        await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);

        await AssertGoesTo(WebPacket("sap-in", dstPort: 22), "sap-out", null);
        await AssertGoesTo(WebPacket("sap-in", src: "10.0.9.5"), "sap-out", null);
        await AssertGoesTo(WebPacket("r-out", dstPort: 22), "sap-out", null);
    }

    [OvsFact]
    public async Task Remove_OneOfTwoChains_LeavesTheOtherChainsRulesByteIdentical()
    {
        await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        var webBefore = await _ovs.Programmer.ReadChainAsync(Web, CancellationToken.None);
        await _ovs.Programmer.ApplyAsync(DnsChain, CancellationToken.None);
        var dnsBefore = await _ovs.Programmer.ReadChainAsync(Dns, CancellationToken.None);
        Assert.Equal(2, dnsBefore.Flows.Count);
        await AssertGoesTo($"in_port=sap-in,udp,dl_dst={OvsBridgeFixture.SapOutMac},nw_src=10.0.1.9,udp_dst=53", "fw-in", ChainCookie.For(Dns));

        await _ovs.Programmer.RemoveAsync(Dns, CancellationToken.None);

        Assert.Equal(webBefore.Flows, (await _ovs.Programmer.ReadChainAsync(Web, CancellationToken.None)).Flows);
        Assert.Empty((await _ovs.Programmer.ReadChainAsync(Dns, CancellationToken.None)).Flows);
        await AssertGoesTo($"in_port=sap-in,udp,dl_dst={OvsBridgeFixture.SapOutMac},nw_src=10.0.1.9,udp_dst=53", "sap-out", null);
        await AssertGoesTo(WebPacket("sap-in"), "r-in", ChainCookie.For(Web));

        await _ovs.Programmer.ApplyAsync(DnsChain, CancellationToken.None);
        await _ovs.Programmer.RemoveAsync(Web, CancellationToken.None);
        Assert.Equal(dnsBefore.Flows, (await _ovs.Programmer.ReadChainAsync(Dns, CancellationToken.None)).Flows);
        Assert.Equal([ChainCookie.For(Dns)], await _ovs.Programmer.ListChainCookiesAsync(CancellationToken.None));
    }

    [OvsFact]
    public async Task Remove_Chain_LeavesTheBridgesOwnDefaultRule()
    {
        await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        await _ovs.Programmer.RemoveAsync(Web, CancellationToken.None);

        var all = await _ovs.Tools.OfctlAsync(["--no-stats"], "dump-flows", [], null, CancellationToken.None);
        Assert.Equal(["priority=0 actions=NORMAL"], all.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [OvsFact]
    public async Task Apply_Twice_GivesTheSameRules()
    {
        var first = await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        var second = await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        Assert.Equal(first.Flows, second.Flows);
        Assert.Equal(3, second.Flows.Count);
    }

    [OvsFact]
    public async Task Apply_ChangedClassifier_ReplacesTheChainsRules()
    {
        await _ovs.Programmer.ApplyAsync(WebChain, CancellationToken.None);
        var https = WebChain with { Classifiers = [WebChain.Classifiers[0] with { DestinationPorts = PortRange.Single(443) }] };
        var flows = await _ovs.Programmer.ApplyAsync(https, CancellationToken.None);

        Assert.Equal(3, flows.Flows.Count);
        Assert.All(flows.Flows, f => Assert.Contains("tp_dst=443", f, StringComparison.Ordinal));
        await AssertGoesTo(WebPacket("sap-in", dstPort: 443), "r-in", ChainCookie.For(Web));
        await AssertGoesTo(WebPacket("sap-in", dstPort: 80), "sap-out", null);
    }

    [OvsFact]
    public async Task Apply_PortRangeClassifier_SteersEveryPortOfTheRangeAndNoOther()
    {
        var range = WebChain with { Classifiers = [WebChain.Classifiers[0] with { DestinationPorts = new PortRange(80, 443) }] };
        var flows = await _ovs.Programmer.ApplyAsync(range, CancellationToken.None);
        Assert.Equal(24, flows.Flows.Count);
        foreach (var port in new[] { 80, 81, 255, 256, 442, 443 })
        {
            await AssertGoesTo(WebPacket("sap-in", dstPort: port), "r-in", ChainCookie.For(Web));
        }

        foreach (var port in new[] { 79, 444 })
        {
            await AssertGoesTo(WebPacket("sap-in", dstPort: port), "sap-out", null);
        }
    }

    [OvsFact]
    public async Task Apply_ScaledOutFirewall_SpreadsConnectionsOverLiveInstancesAndBothLeadToTheEgress()
    {
        var scaled = WebChain with { Hops = [new ChainHop("r-in", "r-out"), new ChainHop([new PortPair("fw-in", "fw-out"), new PortPair("fw2-in", "fw2-out")])] };
        await _ovs.Programmer.ApplyAsync(scaled, CancellationToken.None);
        var cookie = ChainCookie.For(Web);

        string Connection(int sourcePort) =>
            $"in_port=r-out,tcp,dl_dst={OvsBridgeFixture.SapOutMac},nw_src=10.0.0.5,nw_dst=198.51.100.7,tcp_src={sourcePort},tcp_dst=80";
        var chosen = new Dictionary<int, string>();
        for (var sourcePort = 40000; sourcePort < 40032; sourcePort++)
        {
            var trace = await _ovs.Tracer.TraceAsync(Connection(sourcePort), CancellationToken.None);
            chosen[sourcePort] = Assert.Single(trace.OutputPorts);
            Assert.Equal([cookie], trace.Cookies);
        }

        Assert.Equal(["fw-in", "fw2-in"], chosen.Values.Distinct().Order(StringComparer.Ordinal));

        // The same connection always goes to the same instance.
        Assert.Equal(chosen[40007], Assert.Single((await _ovs.Tracer.TraceAsync(Connection(40007), CancellationToken.None)).OutputPorts));

        await AssertGoesTo(WebPacket("fw-out"), "sap-out", cookie);
        await AssertGoesTo(WebPacket("fw2-out"), "sap-out", cookie);

        // An instance whose link goes down gets nothing more: every connection moves to the live one.
        await _ovs.Bridge.SetPortUpAsync("fw2-in", false, CancellationToken.None);
        foreach (var sourcePort in chosen.Where(c => c.Value == "fw2-in").Select(c => c.Key))
        {
            await AssertGoesTo(Connection(sourcePort), "fw-in", cookie);
        }
    }

    [OvsFact]
    public async Task Apply_WhenAPortIsNotOnTheBridge_FailsNamingItAndChangesNothing()
    {
        var chain = WebChain with { Hops = [new ChainHop("r-in", "r-out"), new ChainHop("vnet42", "fw-out")] };
        var e = await Assert.ThrowsAsync<InvalidChainException>(() => _ovs.Programmer.ApplyAsync(chain, CancellationToken.None));
        Assert.Contains($"port 'vnet42' is not on bridge '{OvsBridgeFixture.BridgeName}'", e.Message, StringComparison.Ordinal);
        Assert.Empty(await _ovs.Programmer.ListChainCookiesAsync(CancellationToken.None));
    }

    [OvsFact]
    public async Task RemoveByCookie_WhenNotAChainCookie_Refuses() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ovs.Programmer.RemoveByCookieAsync(0, CancellationToken.None));

    [OvsFact]
    public async Task Ports_EnsureTwiceLookUpAndDelete_AreIdempotent()
    {
        var first = await _ovs.Bridge.EnsurePortAsync("extra-0", OvsPortType.Internal, 40, CancellationToken.None);
        var again = await _ovs.Bridge.EnsurePortAsync("extra-0", OvsPortType.Internal, 40, CancellationToken.None);
        Assert.Equal(new OvsPort("extra-0", 40), first);
        Assert.Equal(first, again);
        Assert.Contains("extra-0", await _ovs.Bridge.ListPortsAsync(CancellationToken.None));

        await _ovs.Bridge.DeletePortAsync("extra-0", CancellationToken.None);
        await _ovs.Bridge.DeletePortAsync("extra-0", CancellationToken.None);
        Assert.DoesNotContain("extra-0", await _ovs.Bridge.ListPortsAsync(CancellationToken.None));
    }

    [OvsFact]
    public async Task FindPortByInterfaceId_FindsThePortLibvirtTaggedAndNothingForAnUnknownId()
    {
        const string id = "vnf-1/vdu_fw:cp \"in\"";
        await _ovs.Tools.VsctlAsync(["set", "Interface", "fw2-in", "external_ids:iface-id=\"vnf-1/vdu_fw:cp \\\"in\\\"\""], CancellationToken.None);
        try
        {
            Assert.Equal("fw2-in", await _ovs.Bridge.FindPortByInterfaceIdAsync(id, CancellationToken.None));
            Assert.Null(await _ovs.Bridge.FindPortByInterfaceIdAsync("vnf-1/vdu_fw:cp", CancellationToken.None));
        }
        finally
        {
            await _ovs.Tools.VsctlAsync(["remove", "Interface", "fw2-in", "external_ids", "iface-id"], CancellationToken.None);
        }
    }

    [OvsFact]
    public async Task EnsurePort_SystemDeviceThatDoesNotExist_FailsWithOvsReason()
    {
        try
        {
            var e = await Assert.ThrowsAsync<VimException>(() => _ovs.Bridge.EnsurePortAsync("nfvt-nodev", OvsPortType.System, null, CancellationToken.None));
            Assert.Contains("port 'nfvt-nodev'", e.Message, StringComparison.Ordinal);
            Assert.Contains("has no OpenFlow port number", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _ovs.Bridge.DeletePortAsync("nfvt-nodev", CancellationToken.None);
        }
    }
}
