namespace NfvMano.Vim.Servers;

/// <summary>
/// A server exactly as placed: which host, which host CPUs and cells, which page size, which VFs.
/// The driver realises this decision as is; it never chooses anything itself.
/// </summary>
public sealed record ServerSpec
{
    /// <summary>The host the placement chose.</summary>
    public required string HostId { get; init; }

    /// <summary>The server name, unique on the host.</summary>
    public required string Name { get; init; }

    /// <summary>Who owns the server (written into the VIM so it can be found again).</summary>
    public required ServerOwner Owner { get; init; }

    /// <summary>Number of virtual CPUs.</summary>
    public required int VcpuCount { get; init; }

    /// <summary>Guest memory in MiB; equals the sum of the guest cells when cells are given.</summary>
    public required long MemoryMiB { get; init; }

    /// <summary>Dedicated CPUs: each vCPU pinned to one host CPU, emulator threads apart. Null for shared CPUs.</summary>
    public CpuPinning? Pinning { get; init; }

    /// <summary>For shared CPUs: the host CPUs the vCPUs may float over (empty: anywhere).</summary>
    public IReadOnlyList<int> SharedCpuSet { get; init; } = [];

    /// <summary>Guest NUMA cells mapped to host cells; empty for a guest without NUMA topology.</summary>
    public IReadOnlyList<GuestNumaCell> GuestCells { get; init; } = [];

    /// <summary>Backing page size in KiB (2048, 1048576); null for normal (4 KiB) pages.</summary>
    public long? PageSizeKiB { get; init; }

    /// <summary>SR-IOV virtual functions passed through, in guest NIC order before the virtio ports.</summary>
    public IReadOnlyList<SriovPortSpec> SriovPorts { get; init; } = [];

    /// <summary>Paravirtual ports on VIM networks.</summary>
    public IReadOnlyList<VirtioPortSpec> VirtioPorts { get; init; } = [];

    /// <summary>Disks backed by volumes, in boot order.</summary>
    public IReadOnlyList<DiskSpec> Disks { get; init; } = [];

    /// <summary>Boot a kernel directly instead of from the first disk (used by tests).</summary>
    public DirectKernelBoot? DirectKernel { get; init; }

    /// <summary>A host file receiving the serial console; null for none.</summary>
    public string? ConsoleLogPath { get; init; }

    /// <summary>For VIMs that schedule themselves (OpenStack): requirements and artefacts; null elsewhere.</summary>
    public ServerSchedulingHints? Scheduling { get; init; }
}

/// <summary>Who owns a server.</summary>
/// <param name="VnfInstanceId">The VNF instance it belongs to.</param>
/// <param name="VnfcId">The VNFC (VDU instance) it realises.</param>
public sealed record ServerOwner(string VnfInstanceId, string VnfcId);

/// <summary>Dedicated CPU placement.</summary>
/// <param name="VcpuToHostCpu">Host CPU of each vCPU, indexed by vCPU number.</param>
/// <param name="EmulatorCpus">Host CPUs for the emulator threads (empty: not pinned).</param>
public sealed record CpuPinning(IReadOnlyList<int> VcpuToHostCpu, IReadOnlyList<int> EmulatorCpus);

/// <summary>A guest NUMA cell.</summary>
/// <param name="Id">The guest cell id (0, 1, ...).</param>
/// <param name="Vcpus">The vCPUs it holds.</param>
/// <param name="MemoryMiB">Its memory.</param>
/// <param name="HostCell">The host cell its memory comes from.</param>
public sealed record GuestNumaCell(int Id, IReadOnlyList<int> Vcpus, long MemoryMiB, int HostCell);

/// <summary>An SR-IOV VF handed to the guest.</summary>
/// <param name="PciAddress">The VF's PCI address (<c>dddd:bb:ss.f</c>).</param>
/// <param name="VlanId">The VLAN the VF is placed on, or null for untagged.</param>
/// <param name="PhysicalNetwork">The physical network, used when the host prefers per-physnet hostdev networks.</param>
/// <param name="MacAddress">A fixed MAC address, or null to let the VIM pick one.</param>
/// <param name="VnicType">
/// How a VIM that picks the device itself (OpenStack) binds the port: <c>direct</c> (a VF), <c>direct-physical</c>
/// (a whole PF) or <c>macvtap</c>; drivers given the PCI address ignore it.
/// </param>
public sealed record SriovPortSpec(string PciAddress, int? VlanId = null, string? PhysicalNetwork = null, string? MacAddress = null, string VnicType = "direct");

/// <summary>A paravirtual port on a VIM network.</summary>
/// <param name="Network">The network name on the server's host.</param>
/// <param name="MacAddress">A fixed MAC address, or null to let the VIM pick one.</param>
/// <param name="SecurityGroup">
/// The id of a security group the VIM's own firewall applies to the port (OpenStack), or null for the VIM's default;
/// drivers without one (libvirt) ignore it.
/// </param>
public sealed record VirtioPortSpec(string Network, string? MacAddress = null, string? SecurityGroup = null);

/// <summary>A disk backed by a volume.</summary>
/// <param name="Volume">The volume name on the server's host.</param>
/// <param name="ReadOnly">Whether the guest may not write it.</param>
/// <param name="DeleteWithServer">Whether deleting the server deletes the volume too.</param>
public sealed record DiskSpec(string Volume, bool ReadOnly = false, bool DeleteWithServer = true);

/// <summary>Direct kernel boot.</summary>
/// <param name="KernelPath">Kernel image path on the host.</param>
/// <param name="InitrdPath">Initial ramdisk path on the host, or null.</param>
/// <param name="CommandLine">Kernel command line.</param>
public sealed record DirectKernelBoot(string KernelPath, string? InitrdPath, string CommandLine);
