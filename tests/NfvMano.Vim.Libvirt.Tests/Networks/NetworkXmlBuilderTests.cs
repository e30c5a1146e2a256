using System.Xml.Linq;
using NfvMano.Vim.Libvirt.Networks;
using NfvMano.Vim.Networks;

namespace NfvMano.Vim.Libvirt.Tests.Networks;

public sealed class NetworkXmlBuilderTests
{
    private static readonly LibvirtNames Names = new("nfv-");

    private static XElement Build(NetworkSpec spec, LibvirtHostOptions host) => XElement.Parse(NetworkXmlBuilder.VirtualLink(spec, host, Names));

    [Fact]
    public void VirtualLink_WhenHostHasOvsBridge_IsAnOpenvswitchPortGroupOfThatBridge()
    {
        var xml = Build(new NetworkSpec("h1", "vl_access"), new LibvirtHostOptions { Id = "h1", OvsBridge = "br-nfv" });

        Assert.Equal("bridge", (string?)xml.Element("forward")?.Attribute("mode"));
        Assert.Equal("br-nfv", (string?)xml.Element("bridge")?.Attribute("name"));
        Assert.Null(xml.Element("bridge")?.Attribute("stp"));
        Assert.Equal("openvswitch", (string?)xml.Element("virtualport")?.Attribute("type"));
        Assert.Null(xml.Element("vlan"));
        Assert.Equal(Names.Network("vl_access"), (string?)xml.Element("name"));
    }

    [Fact]
    public void VirtualLink_WhenHostHasOvsBridgeAndSpecHasVlan_TagsThePortsWithIt()
    {
        var xml = Build(new NetworkSpec("h1", "vl_inside", VlanId: 101), new LibvirtHostOptions { Id = "h1", OvsBridge = "br-nfv" });

        Assert.Equal("br-nfv", (string?)xml.Element("bridge")?.Attribute("name"));
        Assert.Equal("101", (string?)xml.Element("vlan")?.Element("tag")?.Attribute("id"));
    }

    [Fact]
    public void VirtualLink_WhenNoOvsBridge_IsAnIsolatedLinuxBridgeWithoutForward()
    {
        var xml = Build(new NetworkSpec("h1", "vl_access"), new LibvirtHostOptions { Id = "h1" });

        Assert.Null(xml.Element("forward"));
        Assert.Null(xml.Element("virtualport"));
        Assert.Equal(Names.Bridge("vl_access"), (string?)xml.Element("bridge")?.Attribute("name"));
    }

    [Fact]
    public void VirtualLink_WhenPhysicalNetworkGiven_UsesTheProviderBridgeNotTheOvsBridge()
    {
        var host = new LibvirtHostOptions { Id = "h1", OvsBridge = "br-nfv", ProviderBridges = new() { ["physnet1"] = "br-provider" } };

        var xml = Build(new NetworkSpec("h1", "vl_ext", "physnet1", 200), host);

        Assert.Equal("br-provider", (string?)xml.Element("bridge")?.Attribute("name"));
        Assert.Equal("openvswitch", (string?)xml.Element("virtualport")?.Attribute("type"));
        Assert.Equal("200", (string?)xml.Element("vlan")?.Element("tag")?.Attribute("id"));
    }

    [Fact]
    public void VirtualLink_WhenVlanWithoutPhysicalNetworkOrOvsBridge_FailsNamingTheNetwork()
    {
        var error = Assert.Throws<VimException>(() => Build(new NetworkSpec("h1", "vl_x", VlanId: 5), new LibvirtHostOptions { Id = "h1" }));

        Assert.Contains("h1/vl_x", error.Message, StringComparison.Ordinal);
    }
}
