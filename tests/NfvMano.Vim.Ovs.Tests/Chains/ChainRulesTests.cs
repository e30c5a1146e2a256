using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Vim.Ovs.Tests.Chains;

public class ChainRulesTests
{
    private static readonly FlowClassifier Web = new()
    {
        EtherType = "ipv4",
        Protocol = "tcp",
        SourceIpPrefix = "10.0.0.0/24",
        DestinationPorts = PortRange.Single(80),
    };

    private static readonly Dictionary<string, OvsPort> Ports = new[] { "sap-in", "r-in", "r-out", "fw-in", "fw-out", "sap-out", "fw2-in", "fw2-out" }
        .Select((name, i) => new OvsPort(name, i + 1)).ToDictionary(p => p.Name);

    private static ForwardingChain RouterThenFirewall(params FlowClassifier[] classifiers) =>
        new("chain-a", classifiers.Length == 0 ? [Web] : classifiers, "sap-in", [new ChainHop("r-in", "r-out"), new ChainHop("fw-in", "fw-out")], "sap-out");

    [Fact]
    public void Matches_TcpToPort80FromPrefix_IsOneExactMatch() =>
        Assert.Equal(["tcp,nw_src=10.0.0.0/24,tcp_dst=80"], ChainRules.Matches(Web));

    [Fact]
    public void Matches_PortRange_BecomesMaskedMatches()
    {
        var matches = ChainRules.Matches(new FlowClassifier { Protocol = "udp", DestinationPorts = new PortRange(1024, 65535) });
        Assert.Equal(
            ["udp,udp_dst=0x400/0xfc00", "udp,udp_dst=0x800/0xf800", "udp,udp_dst=0x1000/0xf000", "udp,udp_dst=0x2000/0xe000", "udp,udp_dst=0x4000/0xc000", "udp,udp_dst=0x8000/0x8000"],
            matches);
    }

    [Fact]
    public void Matches_SourceAndDestinationRanges_MultiplyIntoEveryCombination()
    {
        var matches = ChainRules.Matches(new FlowClassifier { Protocol = "tcp", SourcePorts = new PortRange(1000, 1001), DestinationPorts = new PortRange(80, 81) });
        Assert.Equal(["tcp,tcp_src=0x3e8/0xfffe,tcp_dst=0x50/0xfffe"], matches);
        Assert.Equal(4, ChainRules.Matches(new FlowClassifier { Protocol = "tcp", SourcePorts = new PortRange(7, 8), DestinationPorts = new PortRange(79, 80) }).Count);
    }

    [Fact]
    public void Matches_Ipv6Prefixes_UseIpv6FieldsAndProtocolNames()
    {
        var matches = ChainRules.Matches(new FlowClassifier { Protocol = "udp", DestinationIpPrefix = "2001:db8::/32", DestinationPorts = PortRange.Single(53) });
        Assert.Equal(["udp6,ipv6_dst=2001:db8::/32,udp_dst=53"], matches);
    }

    [Fact]
    public void Matches_WildcardsAndEverything_AddNoField()
    {
        Assert.Equal([""], ChainRules.Matches(new FlowClassifier()));
        Assert.Equal(["ip"], ChainRules.Matches(new FlowClassifier { EtherType = "IPv4", SourceIpPrefix = "0.0.0.0/0" }));
        Assert.Equal(["tcp"], ChainRules.Matches(new FlowClassifier { Protocol = "tcp", DestinationPorts = new PortRange(0, 65535) }));
    }

    [Fact]
    public void Matches_ProtocolNumberDscpMacsAndVlans_AreAllMatched()
    {
        var matches = ChainRules.Matches(new FlowClassifier
        {
            Protocol = "47",
            Dscp = 46,
            EtherSource = "02:AA:00:00:00:01",
            VlanIds = [20, 10],
        });
        Assert.Equal(["ip,nw_proto=47,dl_src=02:aa:00:00:00:01,ip_dscp=46,dl_vlan=10", "ip,nw_proto=47,dl_src=02:aa:00:00:00:01,ip_dscp=46,dl_vlan=20"], matches);
        Assert.Equal(["ip,nw_proto=47,ip_dscp=46"], ChainRules.Matches(new FlowClassifier { Protocol = "47", Dscp = 46, EtherSource = "02:aa:00:00:00:01", VlanIds = [10] }, includeLayer2: false));
    }

    [Fact]
    public void Matches_WhenPortRangeInverted_FailsNamingTheRange()
    {
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Matches(Web with { DestinationPorts = new PortRange(443, 80) }));
        Assert.Contains("destination port range 443-80 is inverted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_WhenPortsWithoutTransportProtocol_Fails()
    {
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Matches(new FlowClassifier { Protocol = "icmp", DestinationPorts = PortRange.Single(80) }));
        Assert.Contains("port ranges need protocol tcp, udp or sctp, not 'icmp'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_WhenPrefixHasHostBits_SaysSo()
    {
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Matches(Web with { SourceIpPrefix = "10.0.0.5/24" }));
        Assert.Contains("source IP prefix '10.0.0.5/24' has host bits set after the /24 prefix", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1/16", "is not an IP prefix")]
    [InlineData("10.0.0.0/33", "has no prefix length 0-32")]
    [InlineData("2001:db8::1/32", "has host bits set after the /32 prefix")]
    [InlineData("fe80::1%2/128", "is not an IP prefix")]
    public void Matches_WhenPrefixIsMalformed_SaysHow(string prefix, string expected)
    {
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Matches(new FlowClassifier { DestinationIpPrefix = prefix }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_BareAddress_IsThatHost() =>
        Assert.Equal(["ip,nw_dst=198.51.100.7/32"], ChainRules.Matches(new FlowClassifier { DestinationIpPrefix = "198.51.100.7" }));

    [Fact]
    public void Matches_WhenEverythingIsWrong_ReportsEveryProblemAtOnce()
    {
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Matches(new FlowClassifier
        {
            EtherType = "ipv4",
            Protocol = "gre-ish",
            SourceIpPrefix = "2001:db8::/32",
            DestinationIpPrefix = "not-a-prefix",
            SourcePorts = new PortRange(-1, 5),
            Dscp = 64,
            VlanIds = [4096],
            EtherDestination = "02:00:00",
        }));
        Assert.Equal(7, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("source IP prefix 2001:db8::/32 is not IPv4", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("destination IP prefix 'not-a-prefix' is not an IP prefix", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("protocol 'gre-ish'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("source port range -1-5 is outside 0-65535", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("DSCP 64", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("VLAN id 4096", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("ether destination address '02:00:00'", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_RouterThenFirewall_SteersIngressAndEachHopInOrder()
    {
        var rules = ChainRules.Build(RouterThenFirewall(), Ports);
        var cookie = ChainCookie.Format(ChainCookie.For("chain-a"));
        Assert.Equal(
        [
            $"cookie={cookie},table=0,priority=20000,in_port=1,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:2",
            $"cookie={cookie},table=0,priority=20000,in_port=3,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:4",
            $"cookie={cookie},table=0,priority=20000,in_port=5,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:6",
        ], rules);
    }

    [Fact]
    public void Build_HopRules_LeaveOutEthernetFieldsARouterRewrites()
    {
        var rules = ChainRules.Build(RouterThenFirewall(Web with { EtherDestination = "02:00:00:00:00:01" }), Ports);
        Assert.Contains("dl_dst=02:00:00:00:00:01", rules[0], StringComparison.Ordinal);
        Assert.All(rules.Skip(1), r => Assert.DoesNotContain("dl_dst", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SeveralClassifiersAndPrecedence_GiveARulePerMatchPerStepAtTheRaisedPriority()
    {
        var chain = RouterThenFirewall(Web, Web with { DestinationPorts = PortRange.Single(443) }) with { Precedence = 7 };
        var rules = ChainRules.Build(chain, Ports);
        Assert.Equal(6, rules.Count);
        Assert.All(rules, r => Assert.Contains("priority=20007,", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OneArmedVnf_SteersBackFromTheSamePort()
    {
        var chain = new ForwardingChain("one-arm", [Web], "sap-in", [new ChainHop("r-in", "r-in")], "sap-out");
        var rules = ChainRules.Build(chain, Ports);
        Assert.EndsWith("in_port=1,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:2", rules[0], StringComparison.Ordinal);
        Assert.EndsWith("in_port=2,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:6", rules[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ScaledOutHop_SpreadsOverItsInstancesAndEachInstanceLeadsOn()
    {
        var chain = new ForwardingChain("scaled", [Web], "sap-in",
            [new ChainHop("r-in", "r-out"), new ChainHop([new PortPair("fw-in", "fw-out"), new PortPair("fw2-in", "fw2-out")])], "sap-out");
        var rules = ChainRules.Build(chain, Ports);
        Assert.Equal(4, rules.Count);
        Assert.EndsWith("in_port=1,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:2", rules[0], StringComparison.Ordinal);
        Assert.EndsWith("in_port=3,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=bundle(symmetric_l4,0,hrw,ofport,members:4,7)", rules[1], StringComparison.Ordinal);
        Assert.EndsWith("in_port=5,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:6", rules[2], StringComparison.Ordinal);
        Assert.EndsWith("in_port=8,tcp,nw_src=10.0.0.0/24,tcp_dst=80,actions=output:6", rules[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HopWithoutInstancesOrSharedInstancePorts_ReportsEach()
    {
        var chain = new ForwardingChain("bad", [Web], "sap-in",
            [new ChainHop([]), new ChainHop([new PortPair("fw-in", "fw-out"), new PortPair("fw-in", "fw2-out")])], "sap-out");
        var problems = ChainRules.Validate(chain);
        Assert.Contains("hop 1 has no instance", problems);
        Assert.Contains("port 'fw-in' is used as hop 2 instance 1 ingress and hop 2 instance 2 ingress", problems);
    }

    [Fact]
    public void Build_WhenAPortHasTwoRolesOrNoNumber_ReportsBoth()
    {
        var chain = new ForwardingChain("bad", [Web], "sap-in", [new ChainHop("r-in", "sap-in"), new ChainHop("vnet9", "fw-out")], "sap-out");
        var e = Assert.Throws<InvalidChainException>(() => ChainRules.Build(chain, Ports));
        Assert.Equal("bad", e.ChainId);
        Assert.Contains("port 'sap-in' is used as ingress and hop 1 egress", e.Problems);
        Assert.Contains("no OpenFlow port number for port 'vnet9'", e.Problems);
    }

    [Fact]
    public void Validate_EmptyChain_SaysWhatIsMissing()
    {
        var problems = ChainRules.Validate(new ForwardingChain("", [], "sap in", [], "sap-out", Precedence: 10_000));
        Assert.Contains("the chain id is empty", problems);
        Assert.Contains("a chain needs at least one hop", problems);
        Assert.Contains("a chain needs at least one classifier (an empty classifier steers everything)", problems);
        Assert.Contains("precedence 10000 is outside 0-9999", problems);
        Assert.Contains(problems, p => p.StartsWith("ingress port 'sap in' is not a valid port name", StringComparison.Ordinal));
    }
}
