using System.Globalization;
using System.Xml.Linq;
using NfvMano.Vim.Inventory;

namespace NfvMano.Vim.Libvirt.Inventory;

/// <summary>Finds SR-IOV PFs and VFs, their NUMA nodes and netdev names among libvirt node device XMLs.</summary>
internal static class NodeDeviceParser
{
    /// <param name="deviceXmls">The XML of every node device of the host.</param>
    /// <param name="physicalNetworks">PF PCI address or netdev name to physical network.</param>
    internal static IReadOnlyList<SriovPhysicalFunction> ParseSriov(
        IEnumerable<string> deviceXmls, IReadOnlyDictionary<string, string> physicalNetworks)
    {
        var pciDevices = new Dictionary<string, PciDevice>(StringComparer.Ordinal);
        var netdevByParent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var xml in deviceXmls)
        {
            var device = XDocument.Parse(xml).Root!;
            var name = (string?)device.Element("name") ?? "";
            var parent = (string?)device.Element("parent");
            foreach (var cap in device.Elements("capability"))
            {
                switch ((string?)cap.Attribute("type"))
                {
                    case "net" when parent is not null && cap.Element("interface") is { } iface:
                        netdevByParent.TryAdd(parent, iface.Value);
                        break;
                    case "pci":
                        var address = new PciAddress(
                            ParseInt(cap.Element("domain")), ParseInt(cap.Element("bus")),
                            ParseInt(cap.Element("slot")), ParseInt(cap.Element("function")));
                        var subCaps = cap.Elements("capability").ToList();
                        var vfs = subCaps.FirstOrDefault(c => (string?)c.Attribute("type") == "virt_functions");
                        var pf = subCaps.FirstOrDefault(c => (string?)c.Attribute("type") == "phys_function");
                        pciDevices[name] = new PciDevice(
                            name,
                            address.ToString(),
                            (int?)cap.Element("numa")?.Attribute("node") ?? -1,
                            vfs is null ? null : vfs.Elements("address").Select(AddressOf).ToList(),
                            vfs is not null && ((int?)vfs.Attribute("maxCount") ?? 0) > 0,
                            pf?.Element("address") is { } pfAddress ? AddressOf(pfAddress) : null);
                        break;
                }
            }
        }

        var numaOfVf = pciDevices.Values.Where(d => d.PhysFunction is not null)
            .ToDictionary(d => d.Address, d => d.NumaNode, StringComparer.Ordinal);
        return pciDevices.Values
            .Where(d => d.VirtFunctions is { Count: > 0 } || d.SriovCapable)
            .Select(pf =>
            {
                var netdev = netdevByParent.GetValueOrDefault(pf.Name);
                var physnet = physicalNetworks.GetValueOrDefault(pf.Address)
                    ?? (netdev is null ? null : physicalNetworks.GetValueOrDefault(netdev));
                var vfs = (pf.VirtFunctions ?? [])
                    .Select(a => new SriovVirtualFunction(a, numaOfVf.TryGetValue(a, out var n) && n >= 0 ? n : pf.NumaNode, pf.Address))
                    .ToList();
                return new SriovPhysicalFunction(pf.Address, netdev, pf.NumaNode, physnet, vfs);
            })
            .OrderBy(pf => pf.PciAddress, StringComparer.Ordinal)
            .ToList();
    }

    private static string AddressOf(XElement address) => new PciAddress(
        ParseInt(address.Attribute("domain")), ParseInt(address.Attribute("bus")),
        ParseInt(address.Attribute("slot")), ParseInt(address.Attribute("function"))).ToString();

    private static int ParseInt(XObject? node)
    {
        var text = node switch
        {
            XElement e => e.Value,
            XAttribute a => a.Value,
            _ => "0",
        };
        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : int.Parse(text, CultureInfo.InvariantCulture);
    }

    private sealed record PciDevice(
        string Name, string Address, int NumaNode, List<string>? VirtFunctions, bool SriovCapable, string? PhysFunction);
}
