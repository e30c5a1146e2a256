using System.Collections.Immutable;
using NfvMano.Placement.Inventory;
using NfvMano.Vim.Inventory;

namespace NfvMano.Lifecycle.Realisation;

/// <summary>Turns what a VIM discovered about a host into what the placement engine fits onto.</summary>
public static class HostInventoryMapper
{
    private const long SmallPageKiB = 4;

    /// <summary>
    /// The host's capacity for guests. Page and VF counts are totals, not what is free now: what our
    /// own guests hold is in the claim ledger, and counting it here too would count it twice.
    /// </summary>
    public static HostInventory ToInventory(HostTopology topology, HostCpuPartition partition, string zone)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(partition);
        var cells = topology.Cells.OrderBy(c => c.Id).Select(cell =>
        {
            var usable = cell.Cpus.Where(c => !partition.HostCpus.Contains(c.Id)).ToList();
            var siblings = usable
                .GroupBy(c => string.Join(',', c.Siblings.Order()))
                .Select(g => g.Select(c => c.Id).Order().ToImmutableArray())
                .Where(g => g.Length > 0)
                .OrderBy(g => g[0])
                .ToImmutableArray();
            var hugePages = cell.Pages
                .Where(p => p.SizeKiB > SmallPageKiB && p.Total > 0)
                .ToImmutableDictionary(p => p.SizeKiB, p => (int)Math.Min(int.MaxValue, p.Total));
            var hugeMiB = hugePages.Sum(p => p.Key * p.Value / 1024);
            var smallMiB = Math.Max(0, cell.MemoryKiB / 1024 - hugeMiB - partition.ReservedMemoryMiBPerCell);
            var vfs = topology.SriovPhysicalFunctions
                .Where(pf => pf.PhysicalNetwork is not null)
                .SelectMany(pf => pf.VirtualFunctions.Select(vf => (Physnet: pf.PhysicalNetwork!, Vf: vf)))
                .Where(x => x.Vf.NumaNode == cell.Id)
                .GroupBy(x => x.Physnet, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new VfPool(g.Key, g.Count(), [.. g.Select(x => x.Vf.PciAddress).Order(StringComparer.Ordinal)]))
                .ToImmutableArray();
            return new NumaCellInventory(
                cell.Id,
                [.. usable.Where(c => !partition.SharedCpus.Contains(c.Id)).Select(c => c.Id).Order()],
                [.. usable.Where(c => partition.SharedCpus.Contains(c.Id)).Select(c => c.Id).Order()],
                SplitStraddlingCores(siblings, partition.SharedCpus),
                smallMiB,
                hugePages,
                vfs);
        }).ToImmutableArray();
        return new HostInventory(topology.HostId, zone, cells);
    }

    // A core lies wholly in the shared pool or wholly outside it in a sane partition; where an
    // operator split one, its threads are treated as separate cores rather than refused.
    private static ImmutableArray<ImmutableArray<int>> SplitStraddlingCores(ImmutableArray<ImmutableArray<int>> cores, IReadOnlySet<int> shared) =>
        [.. cores.SelectMany(core =>
            core.All(shared.Contains) || !core.Any(shared.Contains)
                ? [core]
                : core.Select(cpu => ImmutableArray.Create(cpu)))];
}
