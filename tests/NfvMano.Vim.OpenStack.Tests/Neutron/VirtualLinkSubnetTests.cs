using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.Networks;
using NfvMano.Workflows.Steps;

namespace NfvMano.Vim.OpenStack.Tests.Neutron;

/// <summary>From a virtual link's protocol data to the network spec the VIM gets: segmentation, MTU, subnet.</summary>
public sealed class VirtualLinkSubnetTests
{
    private static VnfVirtualLink Link(string id, params VirtualLinkProtocol[] protocols) => new(id, null, ["ipv4"], null, null, null, protocols);

    private static DeploymentFlavour Flavour(params VnfVirtualLink[] links) =>
        new("df", "", "df.yaml", [], [], [], links, [], [], [], null, [], [], []);

    [Fact]
    public void NetworkSpec_OfTheVRoutersInternalLink_CarriesItsVxlanMtuAndRangeWithoutDhcp()
    {
        var flavour = Flavour(
            Link("data_vl", new VirtualLinkProtocol("ipv4", null, null, "ipv4", "192.168.10.0/24", true)),
            Link("internal_vl", new VirtualLinkProtocol("ipv4", "vxlan", 1450, "ipv4", "169.254.100.0/24", false)));

        var spec = VnfcRealiser.NetworkSpecOf(flavour, "internal_vl", "RegionOne", "abc-internal-vl");

        Assert.Equal(("vxlan", (int?)1450), (spec.NetworkType, spec.Mtu));
        Assert.Equal([new SubnetSpec("169.254.100.0/24", 4, DhcpEnabled: false)], spec.Subnets);
        Assert.Equal([new SubnetSpec("192.168.10.0/24", 4, DhcpEnabled: true)], VnfcRealiser.NetworkSpecOf(flavour, "data_vl", "RegionOne", "abc-data-vl").Subnets);
    }

    [Fact]
    public void NetworkSpec_OfLinksWithoutARange_GetsDistinctDeterministicRangesAvoidingTheGivenOnes()
    {
        // b_vl states the first /24 of the pool: the links without a range must step over it.
        var flavour = Flavour(
            Link("c_vl"),
            Link("b_vl", new VirtualLinkProtocol("ipv4", null, null, "ipv4", "172.16.0.0/24", false)),
            Link("a_vl", new VirtualLinkProtocol("ipv6", null, null, "ipv6", null, null)),
            Link("d_vl", new VirtualLinkProtocol("ipv4", null, null, null, null, true)));

        var ranges = flavour.VirtualLinks.ToDictionary(l => l.Id, l => Assert.Single(VnfcRealiser.NetworkSpecOf(flavour, l.Id, "h", l.Id).Subnets));

        Assert.Equal(new SubnetSpec("fd6e:6676:6d00::/64", 6), ranges["a_vl"]);
        Assert.Equal(new SubnetSpec("172.16.0.0/24", 4), ranges["b_vl"]);
        Assert.Equal(new SubnetSpec("172.16.1.0/24", 4), ranges["c_vl"]);
        Assert.Equal(new SubnetSpec("172.16.2.0/24", 4, DhcpEnabled: true), ranges["d_vl"]);
        // Deterministic: the same flavour gives the same ranges on every retry.
        Assert.Equal(ranges["c_vl"], Assert.Single(VnfcRealiser.NetworkSpecOf(flavour, "c_vl", "h", "c_vl").Subnets));
        Assert.Null(VnfcRealiser.NetworkSpecOf(flavour, "c_vl", "h", "c_vl").NetworkType);
    }

    [Fact]
    public void Allocate_SkipsEveryPoolRangeAGivenWiderRangeCovers()
    {
        var ranges = SubnetPlan.Allocate([new SubnetWish("wide", 4, "172.16.0.0/22"), new SubnetWish("x", 4, null)]);
        Assert.Equal("172.16.4.0/24", ranges["x"]);
    }

    [Theory]
    [InlineData("10.0.0.0/33", "is not a CIDR range")]
    [InlineData("fd00::/64", "is an IPv6 range but ip_version says IPv4")]
    public void NetworkSpec_WhenTheDescriptorsRangeCannotBeUsed_FailsTheStepSayingWhichLinkAndWhy(string cidr, string why)
    {
        var flavour = Flavour(Link("bad_vl", new VirtualLinkProtocol("ipv4", null, null, "ipv4", cidr, null)));
        var e = Assert.Throws<PermanentStepException>(() => VnfcRealiser.NetworkSpecOf(flavour, "bad_vl", "h", "n"));
        Assert.Contains($"flavour df: virtual link 'bad_vl': '{cidr}' {why}", e.Message, StringComparison.Ordinal);
    }
}
