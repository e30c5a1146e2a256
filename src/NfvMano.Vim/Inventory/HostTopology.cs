namespace NfvMano.Vim.Inventory;

/// <summary>What one compute host offers: NUMA cells with their CPUs, memory, hugepages and SR-IOV devices.</summary>
/// <param name="HostId">The host identifier from the VIM configuration.</param>
/// <param name="Hostname">The name the host reports for itself.</param>
/// <param name="Cells">NUMA cells, ordered by id; empty when the VIM cannot report them.</param>
/// <param name="SriovPhysicalFunctions">SR-IOV capable NICs with their virtual functions.</param>
public sealed record HostTopology(
    string HostId,
    string Hostname,
    IReadOnlyList<NumaCell> Cells,
    IReadOnlyList<SriovPhysicalFunction> SriovPhysicalFunctions)
{
    /// <summary>All CPUs of all cells.</summary>
    public IEnumerable<HostCpu> Cpus => Cells.SelectMany(c => c.Cpus);
}

/// <summary>One NUMA cell of a host.</summary>
/// <param name="Id">The cell id as the host numbers it.</param>
/// <param name="MemoryKiB">Total memory of the cell.</param>
/// <param name="Cpus">The CPUs of the cell.</param>
/// <param name="Pages">Pages per size: total and free counts.</param>
public sealed record NumaCell(int Id, long MemoryKiB, IReadOnlyList<HostCpu> Cpus, IReadOnlyList<PagePool> Pages)
{
    /// <summary>SMT sibling groups (one group per physical core), each ordered by CPU id.</summary>
    public IReadOnlyList<IReadOnlyList<int>> SiblingGroups =>
        Cpus.Select(c => c.Siblings).DistinctBy(s => string.Join(',', s)).ToList();

    /// <summary>The page pool of a size, or null when the cell has none of that size.</summary>
    public PagePool? PagesOf(long sizeKiB) => Pages.FirstOrDefault(p => p.SizeKiB == sizeKiB);
}

/// <summary>One logical CPU of a host.</summary>
/// <param name="Id">The host CPU id (what pinning refers to).</param>
/// <param name="SocketId">The socket it sits in.</param>
/// <param name="CoreId">The physical core it belongs to.</param>
/// <param name="Siblings">The CPU ids sharing its physical core, itself included, ascending.</param>
public sealed record HostCpu(int Id, int SocketId, int CoreId, IReadOnlyList<int> Siblings);

/// <summary>Pages of one size in one NUMA cell.</summary>
/// <param name="SizeKiB">The page size (4, 2048, 1048576).</param>
/// <param name="Total">Pages of this size the cell has.</param>
/// <param name="Free">Pages of this size not in use.</param>
public sealed record PagePool(long SizeKiB, long Total, long Free);

/// <summary>An SR-IOV capable NIC port.</summary>
/// <param name="PciAddress">PCI address as <c>dddd:bb:ss.f</c>.</param>
/// <param name="InterfaceName">The host netdev name, when known.</param>
/// <param name="NumaNode">The NUMA cell the device is attached to, or -1 when unknown.</param>
/// <param name="PhysicalNetwork">The physical network it is cabled to, from host configuration; null when unmapped.</param>
/// <param name="VirtualFunctions">Its virtual functions.</param>
public sealed record SriovPhysicalFunction(
    string PciAddress,
    string? InterfaceName,
    int NumaNode,
    string? PhysicalNetwork,
    IReadOnlyList<SriovVirtualFunction> VirtualFunctions);

/// <summary>One SR-IOV virtual function.</summary>
/// <param name="PciAddress">PCI address as <c>dddd:bb:ss.f</c>.</param>
/// <param name="NumaNode">The NUMA cell it is attached to (that of its PF when it reports none).</param>
/// <param name="PhysicalFunction">The PCI address of its PF.</param>
public sealed record SriovVirtualFunction(string PciAddress, int NumaNode, string PhysicalFunction);
