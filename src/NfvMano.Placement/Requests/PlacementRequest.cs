using System.Collections.Immutable;

namespace NfvMano.Placement.Requests;

/// <summary>
/// What one VNFC instance needs, built from the VDU's EPA requirements and flavour.
/// </summary>
/// <param name="Id">Unique id of the request; claims are keyed by it.</param>
/// <param name="Vcpus">vCPUs in total.</param>
/// <param name="MemoryMiB">Memory in MiB in total.</param>
/// <param name="CpuPolicy">Shared or dedicated.</param>
/// <param name="ThreadPolicy">SMT thread policy (dedicated only).</param>
/// <param name="NumaNodes">Guest NUMA node count; vCPUs and memory split evenly unless <paramref name="ExplicitNodes"/> says otherwise.</param>
/// <param name="PageSize">Backing page size.</param>
/// <param name="SrIov">VFs wanted per physical network.</param>
/// <param name="PciNumaAffinity">Where VFs may sit relative to the guest's cells.</param>
/// <param name="Groups">
/// Server groups the request belongs to, e.g. its VNF's anti-affinity rule and an NS rule spanning several VNFs;
/// empty (or default) for none. A host must suit every one.
/// </param>
/// <param name="Zone">Availability zone the request is bound to, if any.</param>
/// <param name="ExplicitNodes">Per guest node vCPUs and memory when the descriptor states them; empty for an even split.</param>
public sealed record PlacementRequest(
    string Id,
    int Vcpus,
    long MemoryMiB,
    CpuPolicy CpuPolicy,
    ThreadPolicy ThreadPolicy,
    int NumaNodes,
    PageSizeRequest PageSize,
    ImmutableArray<SrIovPortRequest> SrIov,
    PciNumaAffinity PciNumaAffinity = PciNumaAffinity.Legacy,
    ImmutableArray<ServerGroup> Groups = default,
    string? Zone = null,
    ImmutableArray<GuestNumaNode> ExplicitNodes = default)
{
    /// <summary>The server groups, never default.</summary>
    public ImmutableArray<ServerGroup> Groups { get; init; } = Groups.IsDefault ? [] : Groups;

    /// <summary>The guest nodes with their vCPUs and memory, after the even split or as stated.</summary>
    public ImmutableArray<GuestNumaNode> Nodes()
    {
        if (!ExplicitNodes.IsDefaultOrEmpty)
        {
            return ExplicitNodes;
        }

        var builder = ImmutableArray.CreateBuilder<GuestNumaNode>(NumaNodes);
        for (var i = 0; i < NumaNodes; i++)
        {
            builder.Add(new GuestNumaNode(Vcpus / NumaNodes, MemoryMiB / NumaNodes));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Every problem that makes the request impossible to decide, each naming the member; empty when sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Id))
        {
            problems.Add("id: must not be empty");
        }

        if (Vcpus < 1)
        {
            problems.Add($"request {Id} vcpus: {Vcpus} is less than 1");
        }

        if (MemoryMiB < 1)
        {
            problems.Add($"request {Id} memoryMiB: {MemoryMiB} is less than 1");
        }

        if (NumaNodes < 1)
        {
            problems.Add($"request {Id} numaNodes: {NumaNodes} is less than 1");
        }
        else if (ExplicitNodes.IsDefaultOrEmpty)
        {
            if (Vcpus % NumaNodes != 0 || MemoryMiB % NumaNodes != 0)
            {
                problems.Add($"request {Id} numaNodes: {Vcpus} vCPUs and {MemoryMiB} MiB do not split evenly over {NumaNodes} nodes");
            }
        }
        else
        {
            if (ExplicitNodes.Length != NumaNodes)
            {
                problems.Add($"request {Id} nodes: {ExplicitNodes.Length} explicit nodes for numaNodes {NumaNodes}");
            }

            if (ExplicitNodes.Sum(n => n.Vcpus) != Vcpus || ExplicitNodes.Sum(n => n.MemoryMiB) != MemoryMiB)
            {
                problems.Add($"request {Id} nodes: explicit nodes do not add up to {Vcpus} vCPUs and {MemoryMiB} MiB");
            }

            if (ExplicitNodes.Any(n => n.Vcpus < 1 || n.MemoryMiB < 1))
            {
                problems.Add($"request {Id} nodes: every node needs at least one vCPU and 1 MiB");
            }
        }

        foreach (var twice in Groups.GroupBy(g => g.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"request {Id} groups: {twice.Key} is named more than once");
        }

        if (!SrIov.IsDefault)
        {
            foreach (var port in SrIov.Where(p => p.Count < 1))
            {
                problems.Add($"request {Id} sriov {port.Physnet}: count {port.Count} is less than 1");
            }
        }

        return problems;
    }
}
