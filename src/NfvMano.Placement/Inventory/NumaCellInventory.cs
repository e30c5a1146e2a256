using System.Collections.Immutable;

namespace NfvMano.Placement.Inventory;

/// <summary>
/// What one NUMA cell of a host offers to guests (host reserves already taken off).
/// </summary>
/// <param name="Id">The cell's id on its host; assignments name cells by it.</param>
/// <param name="PinnableCpus">Host CPUs that dedicated guest vCPUs may be pinned to (Nova's <c>cpu_dedicated_set</c>).</param>
/// <param name="SharedCpus">Host CPUs on which shared (floating) guest vCPUs run (Nova's <c>cpu_shared_set</c>).</param>
/// <param name="SiblingGroups">SMT thread groups, one per physical core; CPUs missing here are cores of their own.</param>
/// <param name="SmallPageMemoryMiB">Memory in 4 KiB pages available to guests.</param>
/// <param name="HugePages">Huge pages reserved for guests: page size in KiB → page count.</param>
/// <param name="SrIov">SR-IOV VF pools attached to this cell.</param>
public sealed record NumaCellInventory(
    int Id,
    ImmutableArray<int> PinnableCpus,
    ImmutableArray<int> SharedCpus,
    ImmutableArray<ImmutableArray<int>> SiblingGroups,
    long SmallPageMemoryMiB,
    ImmutableDictionary<long, int> HugePages,
    ImmutableArray<VfPool> SrIov)
{
    /// <summary>Total memory of the cell in MiB (small pages plus huge pages).</summary>
    public long TotalMemoryMiB =>
        SmallPageMemoryMiB + HugePages.Sum(p => p.Key * p.Value / 1024);
}
