namespace NfvMano.Lifecycle.Realisation;

/// <summary>
/// How an operator splits a host's CPUs and memory (Nova's <c>cpu_dedicated_set</c>,
/// <c>cpu_shared_set</c> and <c>reserved_host_memory_mb</c>): CPUs kept for the host, CPUs that
/// floating guests share, and the rest pinnable by dedicated guests.
/// </summary>
/// <param name="HostCpus">CPUs neither pinned nor shared: the host's own (OVS, kernel, NfvMano's agents).</param>
/// <param name="SharedCpus">CPUs on which shared-policy guests float.</param>
/// <param name="ReservedMemoryMiBPerCell">Small-page memory kept for the host on each cell.</param>
public sealed record HostCpuPartition(IReadOnlySet<int> HostCpus, IReadOnlySet<int> SharedCpus, long ReservedMemoryMiBPerCell)
{
    /// <summary>Every CPU pinnable, none shared, nothing reserved: for hosts with no partition configured.</summary>
    public static HostCpuPartition AllPinnable { get; } = new(new HashSet<int>(), new HashSet<int>(), 0);

    /// <summary>
    /// The usual layout for an NFV host: per cell, the first <paramref name="hostCoresPerCell"/> physical
    /// cores stay with the host and the next <paramref name="sharedCoresPerCell"/> cores form the shared
    /// pool; the rest are pinnable.
    /// </summary>
    public static HostCpuPartition Typical(Vim.Inventory.HostTopology topology, int sharedCoresPerCell, long reservedMemoryMiBPerCell, int hostCoresPerCell = 1)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var host = new HashSet<int>();
        var shared = new HashSet<int>();
        foreach (var cell in topology.Cells)
        {
            var cores = cell.SiblingGroups.OrderBy(g => g.Min()).ToList();
            foreach (var cpu in cores.Take(hostCoresPerCell).SelectMany(g => g))
            {
                host.Add(cpu);
            }
            foreach (var cpu in cores.Skip(hostCoresPerCell).Take(sharedCoresPerCell).SelectMany(g => g))
            {
                shared.Add(cpu);
            }
        }
        return new HostCpuPartition(host, shared, reservedMemoryMiBPerCell);
    }
}
