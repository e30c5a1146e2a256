using System.Collections.Immutable;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Placement.Claims;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.NsLcm.Vnffg;

public sealed class VnffgPlannerTests
{
    private static readonly Guid Ns = Guid.Parse("6a0c43a6-53a1-4b0e-9d3f-2b9f0f6f0a01");
    private static readonly Guid Router = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Firewall = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    private static readonly Lazy<NsFlavour> SampleFlavour = new(() =>
    {
        using var zip = new MemoryStream(Samples.Zip(Samples.ServiceChainNsd));
        var result = CsarReader.Read(zip);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Nsd!.Flavours.Single();
    });

    private static readonly Dictionary<string, string> Saps = new() { ["sap_access"] = "sap-in", ["sap_core"] = "sap-out" };

    private static VnfcRecord Vnfc(string id, params string[] cps) => new(
        id, "vdu", "h1", "server-" + id, Guid.NewGuid().ToString(), new Dictionary<string, string>(),
        cps.ToDictionary(cp => cp, _ => "nfv-ovs"),
        new Assignment(id, "h1", ImmutableArray<CellAssignment>.Empty, ImmutableArray<VfAssignment>.Empty, []));

    private static ExtVirtualLinkRecord Link(string id, string cpd) => new(id, "nfv-ovs", null, [new ExtCpRecord(id + "-cp", cpd, null, null, null)]);

    /// <summary>The router's data CPs are on vl_access/vl_inside, the firewall's lab CPs on vl_inside/vl_core, as the NS LCM would connect them.</summary>
    private static VnffgContext Context(int firewallVnfcs = 1, IReadOnlyDictionary<string, string>? saps = null) => new(
        Ns,
        SampleFlavour.Value,
        [
            new VnffgVnfInstance("vRouter", Router, new InstantiatedVnf("default", null, "STARTED", new Dictionary<string, int>(),
                [Vnfc("r-0", "data1", "data2", "mgmt")], [], [Link("vl_access", "data1"), Link("vl_inside", "data2"), Link("vl_mgmt", "mgmt")])),
            new VnffgVnfInstance("vFirewall", Firewall, new InstantiatedVnf("lab", null, "STARTED", new Dictionary<string, int>(),
                [.. Enumerable.Range(0, firewallVnfcs).Select(i => Vnfc($"fw-{i}", "lab_in", "lab_out"))], [], [Link("vl_inside", "lab_in"), Link("vl_core", "lab_out")])),
        ],
        saps ?? Saps);

    [Fact]
    public void Plan_ServiceChainSample_IsOneChainFromAccessSapThroughRouterThenFirewallToCoreSap()
    {
        var plan = Assert.Single(VnffgPlanner.Plan(Context(), "vnffg_web"));

        Assert.Equal($"{Ns:D}/vnffg_web/nfp_web", plan.ChainId);
        Assert.Equal(("sap_access", "sap-in", "sap_core", "sap-out"), (plan.IngressSap, plan.IngressPort, plan.EgressSap, plan.EgressPort));
        Assert.Equal(["position_router", "position_firewall"], plan.Hops.Select(h => h.PositionId));
        var router = Assert.Single(plan.Hops[0].Instances);
        Assert.Equal(("data1", ExternalPorts.Mac(Router, "r-0", "data1")), (router.IngressCp, router.IngressMac));
        Assert.Equal(("data2", ExternalPorts.Mac(Router, "r-0", "data2")), (router.EgressCp, router.EgressMac));
        var firewall = Assert.Single(plan.Hops[1].Instances);
        Assert.Equal(("lab_in", "lab_out"), (firewall.IngressCp, firewall.EgressCp));
        Assert.Equal(ExternalPorts.Mac(Firewall, "fw-0", "lab_out"), firewall.EgressMac);
    }

    [Fact]
    public void Plan_ServiceChainSample_TranslatesTheWebClassifier()
    {
        var classifier = Assert.Single(Assert.Single(VnffgPlanner.Plan(Context(), "vnffg_web")).Classifiers);

        Assert.Equal("ipv4", classifier.EtherType);
        Assert.Equal("tcp", classifier.Protocol);
        Assert.Equal(new NfvMano.Vim.Ovs.Chains.PortRange(80, 443), classifier.DestinationPorts);
        Assert.Null(classifier.SourcePorts);
        Assert.Equal("0.0.0.0/0", classifier.SourceIpPrefix);
        Assert.Equal("203.0.113.0/24", classifier.DestinationIpPrefix);
    }

    [Fact]
    public void Plan_WhenFirewallScaledOut_TheFirewallHopHasOnePortPairPerVnfc()
    {
        var plan = Assert.Single(VnffgPlanner.Plan(Context(firewallVnfcs: 3), "vnffg_web"));

        Assert.Equal(["fw-0", "fw-1", "fw-2"], plan.Hops[1].Instances.Select(i => i.VnfcId));
        Assert.Equal(3, plan.Hops[1].Instances.Select(i => i.IngressMac).Distinct().Count());
    }

    [Fact]
    public void Plan_WhenForwardingCpsGiven_UsesThemInsteadOfTheConvention()
    {
        var context = Context() with { ForwardingCps = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["vRouter"] = new Dictionary<string, string> { ["fwd_data1"] = "mgmt" } } };

        var plan = Assert.Single(VnffgPlanner.Plan(context, "vnffg_web"));

        Assert.Equal(("mgmt", "data2"), (plan.Hops[0].Instances[0].IngressCp, plan.Hops[0].Instances[0].EgressCp));
    }

    [Fact]
    public void Plan_WhenSapPortAndVnfInstanceMissing_ReportsBothWithWhere()
    {
        var context = Context(saps: new Dictionary<string, string> { ["sap_access"] = "sap-in" });
        context = context with { Vnfs = [.. context.Vnfs.Where(v => v.VnfProfileId != "vFirewall")] };

        var error = Assert.Throws<VnffgException>(() => VnffgPlanner.Plan(context, "vnffg_web"));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("position_firewall", StringComparison.Ordinal) && p.Contains("no instance of VNF vFirewall", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("egress SAP sap_core has no bridge port", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_WhenVnfLacksTheExternalLinkOfTheConvention_SaysWhichLinkAndRequirement()
    {
        var context = Context();
        var firewall = context.Vnfs[1];
        context = context with { Vnfs = [context.Vnfs[0], firewall with { Vnf = firewall.Vnf with { ExtVirtualLinks = [Link("vl_inside", "lab_in")] } }] };

        var error = Assert.Throws<VnffgException>(() => VnffgPlanner.Plan(context, "vnffg_web"));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("fwd_out", problem, StringComparison.Ordinal);
        Assert.Contains("no external virtual link 'vl_core'", problem, StringComparison.Ordinal);
        Assert.Contains("virtual_link_out", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenVnffgUnknown_NamesTheOnesTheFlavourHas()
    {
        var error = Assert.Throws<VnffgException>(() => VnffgPlanner.Plan(Context(), "vnffg_dns"));

        Assert.Contains("vnffg_web", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Classifier_WhenFieldsOutOfRange_ListsEachProblem()
    {
        var problems = new List<string>();
        var rule = new NfpRule("c1", "ipv4", "udp", "64", ["5000"], new Descriptors.Nsd.PortRange(10, 5), null, null, null, null, null);

        Assert.Null(VnffgPlanner.Classifier(rule, problems));

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("classifier c1:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Classifier_WhenValid_CarriesDscpVlansAndMacs()
    {
        var problems = new List<string>();
        var rule = new NfpRule("c1", "IPv6", "UDP", "46", ["10", "20"], null, new Descriptors.Nsd.PortRange(53, 53), "2001:db8::/32", null, "02:00:00:00:00:01", null);

        var classifier = VnffgPlanner.Classifier(rule, problems);

        Assert.Empty(problems);
        Assert.NotNull(classifier);
        Assert.Equal(("ipv6", "udp", 46), (classifier.EtherType, classifier.Protocol, classifier.Dscp));
        Assert.Equal([10, 20], classifier.VlanIds);
        Assert.Equal(NfvMano.Vim.Ovs.Chains.PortRange.Single(53), classifier.DestinationPorts);
        Assert.Equal("02:00:00:00:00:01", classifier.EtherSource);
    }

    [Fact]
    public void ChainIds_AreNsInstanceVnffgAndNfp_SoTwoNsInstancesNeverShare()
    {
        var vnffg = SampleFlavour.Value.Vnffgs.Single();

        Assert.Equal([$"{Ns:D}/vnffg_web/nfp_web"], VnffgPlanner.ChainIds(Ns, vnffg));
        Assert.NotEqual(VnffgPlanner.ChainIds(Ns, vnffg), VnffgPlanner.ChainIds(Guid.NewGuid(), vnffg));
    }
    [Fact]
    public void SapPortName_IsAStableInterfaceNamePerNsInstanceAndSap()
    {
        var name = VnffgPlanner.SapPortName(Ns, "sap_access");

        Assert.Matches("^nsap[0-9a-f]{11}$", name);
        Assert.Equal(name, VnffgPlanner.SapPortName(Ns, "sap_access"));
        Assert.NotEqual(name, VnffgPlanner.SapPortName(Ns, "sap_core"));
        Assert.NotEqual(name, VnffgPlanner.SapPortName(Guid.NewGuid(), "sap_access"));
    }

    [Fact]
    public void SapsOf_ServiceChainSample_AreTheTwoEndsOfTheWebVnffg() =>
        Assert.Equal(["sap_access", "sap_core"], VnffgPlanner.SapsOf(SampleFlavour.Value));
}
