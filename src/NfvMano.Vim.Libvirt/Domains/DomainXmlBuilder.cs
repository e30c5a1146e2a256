using System.Globalization;
using System.Xml.Linq;
using NfvMano.Vim.Inventory;
using NfvMano.Vim.Servers;

namespace NfvMano.Vim.Libvirt.Domains;

/// <summary>Turns an explicit placement (<see cref="ServerSpec"/>) into libvirt domain XML, exactly as decided.</summary>
internal sealed class DomainXmlBuilder(LibvirtHostOptions host, LibvirtNames names, string managerVersion)
{
    internal string Build(ServerSpec spec)
    {
        Validate(spec);
        var domainName = names.Domain(spec.Name);
        var ownedVolumes = spec.Disks.Where(d => d.DeleteWithServer)
            .Select(d => (host.StoragePool, names.Volume(d.Volume)))
            .ToList();
        var metadata = new OwnershipMetadata(spec.Owner, managerVersion, ownedVolumes);

        var domain = new XElement(
            "domain",
            new XAttribute("type", host.DomainType),
            new XElement("name", domainName),
            new XElement("uuid", OwnershipMetadata.StableUuid("domain", domainName)),
            new XElement("metadata", metadata.ToXml()),
            new XElement("memory", new XAttribute("unit", "KiB"), spec.MemoryMiB * 1024),
            MemoryBacking(spec),
            Vcpu(spec),
            CpuTune(spec),
            NumaTune(spec),
            Os(spec),
            new XElement("features", new XElement("acpi"), new XElement("apic")),
            Cpu(spec),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            Devices(spec));
        return domain.ToString();
    }

    private static void Validate(ServerSpec spec)
    {
        var problems = new List<string>();
        if (spec.VcpuCount < 1)
        {
            problems.Add($"VcpuCount is {spec.VcpuCount}; it must be at least 1");
        }

        if (spec.MemoryMiB < 1)
        {
            problems.Add($"MemoryMiB is {spec.MemoryMiB}; it must be at least 1");
        }

        if (spec.Pinning is { } pinning && pinning.VcpuToHostCpu.Count != spec.VcpuCount)
        {
            problems.Add($"Pinning maps {pinning.VcpuToHostCpu.Count} vCPUs but VcpuCount is {spec.VcpuCount}");
        }

        if (spec.Pinning is not null && spec.SharedCpuSet.Count > 0)
        {
            problems.Add("Pinning and SharedCpuSet are exclusive");
        }

        if (spec.GuestCells.Count > 0)
        {
            var vcpus = spec.GuestCells.SelectMany(c => c.Vcpus).Order().ToList();
            if (!vcpus.SequenceEqual(Enumerable.Range(0, spec.VcpuCount)))
            {
                problems.Add($"GuestCells hold vCPUs [{string.Join(',', vcpus)}]; each of 0..{spec.VcpuCount - 1} must be in exactly one cell");
            }

            var cellMemory = spec.GuestCells.Sum(c => c.MemoryMiB);
            if (cellMemory != spec.MemoryMiB)
            {
                problems.Add($"GuestCells hold {cellMemory} MiB but MemoryMiB is {spec.MemoryMiB}");
            }

            if (!spec.GuestCells.Select(c => c.Id).Order().SequenceEqual(Enumerable.Range(0, spec.GuestCells.Count)))
            {
                problems.Add("GuestCells ids must be 0..n-1");
            }
        }

        if (spec.PageSizeKiB is { } page && spec.MemoryMiB * 1024 % page != 0)
        {
            problems.Add($"MemoryMiB {spec.MemoryMiB} is not a multiple of the {page} KiB page size");
        }

        foreach (var port in spec.SriovPorts)
        {
            try
            {
                _ = PciAddress.Parse(port.PciAddress);
            }
            catch (FormatException ex)
            {
                problems.Add($"SR-IOV port: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new VimException($"server {spec.HostId}/{spec.Name} cannot be defined: {string.Join("; ", problems)}.");
        }
    }

    private static XElement? MemoryBacking(ServerSpec spec)
    {
        if (spec.PageSizeKiB is not { } size)
        {
            return null;
        }

        var page = new XElement("page", new XAttribute("size", size), new XAttribute("unit", "KiB"));
        if (spec.GuestCells.Count > 0)
        {
            page.Add(new XAttribute("nodeset", CpuList.Format(spec.GuestCells.Select(c => c.Id))));
        }

        return new XElement("memoryBacking", new XElement("hugepages", page));
    }

    private static XElement Vcpu(ServerSpec spec)
    {
        var vcpu = new XElement("vcpu", new XAttribute("placement", "static"), spec.VcpuCount);
        if (spec.SharedCpuSet.Count > 0)
        {
            vcpu.Add(new XAttribute("cpuset", CpuList.Format(spec.SharedCpuSet)));
        }

        return vcpu;
    }

    private static XElement? CpuTune(ServerSpec spec)
    {
        if (spec.Pinning is not { } pinning)
        {
            return null;
        }

        var tune = new XElement("cputune");
        for (var vcpu = 0; vcpu < pinning.VcpuToHostCpu.Count; vcpu++)
        {
            tune.Add(new XElement("vcpupin", new XAttribute("vcpu", vcpu), new XAttribute("cpuset", pinning.VcpuToHostCpu[vcpu])));
        }

        if (pinning.EmulatorCpus.Count > 0)
        {
            tune.Add(new XElement("emulatorpin", new XAttribute("cpuset", CpuList.Format(pinning.EmulatorCpus))));
        }

        return tune;
    }

    private static XElement? NumaTune(ServerSpec spec)
    {
        if (spec.GuestCells.Count == 0)
        {
            return null;
        }

        return new XElement(
            "numatune",
            new XElement("memory", new XAttribute("mode", "strict"), new XAttribute("nodeset", CpuList.Format(spec.GuestCells.Select(c => c.HostCell)))),
            spec.GuestCells.OrderBy(c => c.Id).Select(c => new XElement(
                "memnode", new XAttribute("cellid", c.Id), new XAttribute("mode", "strict"), new XAttribute("nodeset", c.HostCell))));
    }

    private XElement Os(ServerSpec spec)
    {
        var os = new XElement("os", new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", host.Machine), "hvm"));
        if (spec.DirectKernel is { } kernel)
        {
            os.Add(new XElement("kernel", kernel.KernelPath));
            if (kernel.InitrdPath is not null)
            {
                os.Add(new XElement("initrd", kernel.InitrdPath));
            }

            os.Add(new XElement("cmdline", kernel.CommandLine));
        }
        else
        {
            os.Add(new XElement("boot", new XAttribute("dev", "hd")));
        }

        return os;
    }

    private XElement? Cpu(ServerSpec spec)
    {
        // host-passthrough exposes the host CPU flags data planes need; TCG cannot pass through a host CPU.
        var cpu = host.DomainType == "kvm" ? new XElement("cpu", new XAttribute("mode", "host-passthrough")) : new XElement("cpu");
        if (spec.GuestCells.Count > 0)
        {
            cpu.Add(new XElement(
                "numa",
                spec.GuestCells.OrderBy(c => c.Id).Select(c => new XElement(
                    "cell",
                    new XAttribute("id", c.Id),
                    new XAttribute("cpus", CpuList.Format(c.Vcpus)),
                    new XAttribute("memory", c.MemoryMiB),
                    new XAttribute("unit", "MiB")))));
        }

        return cpu.HasAttributes || cpu.HasElements ? cpu : null;
    }

    private XElement Devices(ServerSpec spec)
    {
        var devices = new XElement("devices");
        var letter = 'a';
        foreach (var disk in spec.Disks)
        {
            devices.Add(new XElement(
                "disk",
                new XAttribute("type", "volume"),
                new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "qcow2")),
                new XElement("source", new XAttribute("pool", host.StoragePool), new XAttribute("volume", names.Volume(disk.Volume))),
                new XElement("target", new XAttribute("dev", $"vd{letter++}"), new XAttribute("bus", "virtio")),
                disk.ReadOnly ? new XElement("readonly") : null));
        }

        foreach (var port in spec.SriovPorts)
        {
            devices.Add(SriovInterface(port));
        }

        foreach (var port in spec.VirtioPorts)
        {
            devices.Add(VirtioInterface(port, names));
        }

        if (spec.ConsoleLogPath is not null)
        {
            devices.Add(new XElement(
                "serial",
                new XAttribute("type", "file"),
                new XElement("source", new XAttribute("path", spec.ConsoleLogPath)),
                new XElement("target", new XAttribute("port", 0))));
        }

        devices.Add(new XElement("memballoon", new XAttribute("model", "none")));
        return devices;
    }

    private XElement SriovInterface(SriovPortSpec port)
    {
        XElement iface;
        if (host.SriovAttachment == SriovAttachment.HostdevNetwork)
        {
            var physnet = port.PhysicalNetwork
                ?? throw new VimException($"SR-IOV port {port.PciAddress}: the host attaches VFs through hostdev networks, which needs PhysicalNetwork.");
            iface = new XElement("interface", new XAttribute("type", "network"), Mac(port.MacAddress), new XElement("source", new XAttribute("network", names.PhysnetNetwork(physnet))));
        }
        else
        {
            var address = PciAddress.Parse(port.PciAddress);
            iface = new XElement(
                "interface",
                new XAttribute("type", "hostdev"),
                new XAttribute("managed", "yes"),
                Mac(port.MacAddress),
                new XElement("source", new XElement(
                    "address",
                    new XAttribute("type", "pci"),
                    new XAttribute("domain", Hex(address.Domain, 4)),
                    new XAttribute("bus", Hex(address.Bus, 2)),
                    new XAttribute("slot", Hex(address.Slot, 2)),
                    new XAttribute("function", Hex(address.Function, 1)))));
        }

        if (port.VlanId is { } vlan)
        {
            iface.Add(new XElement("vlan", new XElement("tag", new XAttribute("id", vlan))));
        }

        return iface;
    }

    /// <summary>The XML of a virtio port on a network (also used for hot-plug).</summary>
    internal static XElement VirtioInterface(VirtioPortSpec port, LibvirtNames names) => new(
        "interface",
        new XAttribute("type", "network"),
        Mac(port.MacAddress),
        new XElement("source", new XAttribute("network", names.Network(port.Network))),
        new XElement("model", new XAttribute("type", "virtio")));

    private static XElement? Mac(string? mac) => mac is null ? null : new XElement("mac", new XAttribute("address", mac));

    private static string Hex(int value, int digits) => "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
