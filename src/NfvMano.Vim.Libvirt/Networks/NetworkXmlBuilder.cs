using System.Xml.Linq;
using NfvMano.Vim.Networks;

namespace NfvMano.Vim.Libvirt.Networks;

/// <summary>Network XML for virtual links and per-physnet SR-IOV pools.</summary>
internal static class NetworkXmlBuilder
{
    /// <summary>
    /// An isolated bridge (no forward element: guests on it reach only each other); with the host's
    /// <see cref="LibvirtHostOptions.OvsBridge"/>, a port group on that Open vSwitch bridge (access-tagged with the VLAN
    /// if one is given); with a physical network, a port group on that network's Open vSwitch provider bridge, tagged
    /// with the VLAN.
    /// </summary>
    internal static string VirtualLink(NetworkSpec spec, LibvirtHostOptions host, LibvirtNames names)
    {
        var name = names.Network(spec.Name);
        var network = new XElement("network", new XElement("name", name), new XElement("uuid", Domains.OwnershipMetadata.StableUuid("network", name)));
        if (spec.PhysicalNetwork is null && host.OvsBridge is { } ovsBridge)
        {
            AddOvsPortGroup(network, ovsBridge, spec.VlanId);
        }
        else if (spec.PhysicalNetwork is null)
        {
            if (spec.VlanId is not null)
            {
                throw new VimException($"network {spec.HostId}/{spec.Name}: a VLAN needs a PhysicalNetwork (or the host's OvsBridge) to tag on.");
            }

            network.Add(new XElement("bridge", new XAttribute("name", names.Bridge(spec.Name)), new XAttribute("stp", "off")));
        }
        else
        {
            var bridge = host.ProviderBridges.GetValueOrDefault(spec.PhysicalNetwork)
                ?? throw new VimException(
                    $"network {spec.HostId}/{spec.Name}: host {host.Id} has no provider bridge for physical network '{spec.PhysicalNetwork}' (configure ProviderBridges).");
            AddOvsPortGroup(network, bridge, spec.VlanId);
        }

        return network.ToString();
    }

    private static void AddOvsPortGroup(XElement network, string bridge, int? vlanId)
    {
        network.Add(
            new XElement("forward", new XAttribute("mode", "bridge")),
            new XElement("bridge", new XAttribute("name", bridge)),
            new XElement("virtualport", new XAttribute("type", "openvswitch")));
        if (vlanId is { } vlan)
        {
            network.Add(new XElement("vlan", new XElement("tag", new XAttribute("id", vlan))));
        }
    }

    /// <summary>A hostdev network whose VF pool is every VF of the PFs cabled to <paramref name="physnet"/>.</summary>
    internal static string PhysnetPool(string physnet, IEnumerable<string> pfNetdevs, LibvirtNames names)
    {
        var name = names.PhysnetNetwork(physnet);
        return new XElement(
            "network",
            new XElement("name", name),
            new XElement("uuid", Domains.OwnershipMetadata.StableUuid("network", name)),
            new XElement("forward", new XAttribute("mode", "hostdev"), new XAttribute("managed", "yes"),
                pfNetdevs.Select(dev => new XElement("pf", new XAttribute("dev", dev))))).ToString();
    }
}
