using NfvMano.Descriptors.Epa;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Inventory;
using NfvMano.Vim.Servers;

namespace NfvMano.Lifecycle.Realisation;

/// <summary>
/// Writes down, for the VIM, exactly what the placement engine decided for one VNFC: which host,
/// which host CPU each vCPU is pinned to, which host cell backs each guest cell, the page size, and
/// which VF each SR-IOV port gets.
/// </summary>
public static class ServerSpecBuilder
{
    /// <summary>The server to create for an assignment.</summary>
    /// <param name="assignment">The placement decision.</param>
    /// <param name="host">The inventory of the assigned host (its shared CPU pool, for floating guests).</param>
    /// <param name="requirements">The VDU's requirements (guest vCPU numbering per guest cell).</param>
    /// <param name="name">The server's name.</param>
    /// <param name="owner">Whose server it is (VNF instance and VNFC).</param>
    /// <param name="sriovPorts">The VDU's SR-IOV ports in order, with their VLANs; matched to the assigned VFs by physical network.</param>
    /// <param name="virtioPorts">Ports on ordinary networks.</param>
    /// <param name="disks">Volumes to attach.</param>
    public static ServerSpec Build(
        Assignment assignment,
        HostInventory host,
        VduRequirements requirements,
        string name,
        ServerOwner owner,
        IReadOnlyList<(string PhysicalNetwork, int? VlanId)> sriovPorts,
        IReadOnlyList<VirtioPortSpec> virtioPorts,
        IReadOnlyList<DiskSpec> disks)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(sriovPorts);

        var cells = assignment.Cells.OrderBy(c => c.GuestCell).ToList();
        var guestVcpus = GuestVcpus(requirements, cells);
        var guestCells = cells.Select((c, i) => new GuestNumaCell(c.GuestCell, guestVcpus[i], c.MemoryMiB, c.HostCell)).ToList();

        CpuPinning? pinning = null;
        IReadOnlyList<int> sharedSet = [];
        if (cells.Any(c => c.PinnedCpus.Length > 0))
        {
            var map = new int[requirements.Vcpus];
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i].PinnedCpus.Length != guestVcpus[i].Count)
                {
                    throw new InvalidOperationException(
                        $"assignment {assignment.RequestId} pins {cells[i].PinnedCpus.Length} CPUs on guest cell {cells[i].GuestCell} for {guestVcpus[i].Count} vCPUs");
                }
                for (var j = 0; j < guestVcpus[i].Count; j++)
                {
                    map[guestVcpus[i][j]] = cells[i].PinnedCpus[j];
                }
            }
            // Emulator threads share the guest's own pinned CPUs (Nova's default), never other guests' CPUs.
            pinning = new CpuPinning(map, [.. cells.SelectMany(c => c.PinnedCpus).Order()]);
        }
        else
        {
            var hostCells = cells.Select(c => c.HostCell).ToHashSet();
            sharedSet = [.. host.Cells.Where(c => hostCells.Contains(c.Id)).SelectMany(c => c.SharedCpus).Order()];
        }

        var pageSize = cells.Select(c => c.PageSizeKiB).Distinct().Single();
        var vfsByNetwork = assignment.Vfs.GroupBy(v => v.Physnet, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<VfAssignment>(g.OrderBy(v => v.HostCell).ThenBy(v => v.Slot)), StringComparer.Ordinal);
        var sriov = sriovPorts.Select(port =>
        {
            if (!vfsByNetwork.TryGetValue(port.PhysicalNetwork, out var queue) || queue.Count == 0)
            {
                throw new InvalidOperationException($"assignment {assignment.RequestId} has no VF left on {port.PhysicalNetwork}");
            }
            var vf = queue.Dequeue();
            return new SriovPortSpec(
                vf.Identity ?? throw new InvalidOperationException($"VF {vf.Slot} on {vf.Physnet} of {assignment.Host} has no PCI address"),
                port.VlanId,
                port.PhysicalNetwork);
        }).ToList();

        return new ServerSpec
        {
            HostId = assignment.Host,
            Name = name,
            Owner = owner,
            VcpuCount = requirements.Vcpus,
            MemoryMiB = requirements.MemoryMiB,
            Pinning = pinning,
            SharedCpuSet = sharedSet,
            GuestCells = guestCells,
            PageSizeKiB = pageSize > 4 ? pageSize : null,
            SriovPorts = sriov,
            VirtioPorts = virtioPorts,
            Disks = disks,
        };
    }

    // vCPU numbers per guest cell: as the descriptor lists them, or consecutive when it only counts them.
    private static List<IReadOnlyList<int>> GuestVcpus(VduRequirements requirements, List<CellAssignment> cells)
    {
        if (requirements.NumaNodes.Count == cells.Count && requirements.NumaNodes.All(n => n.Vcpus.Count > 0))
        {
            return [.. requirements.NumaNodes.OrderBy(n => n.Id).Select(n => n.Vcpus)];
        }
        var result = new List<IReadOnlyList<int>>();
        var next = 0;
        foreach (var cell in cells)
        {
            var count = cell.PinnedCpus.Length > 0 ? cell.PinnedCpus.Length : cell.SharedVcpus;
            result.Add([.. Enumerable.Range(next, count)]);
            next += count;
        }
        return result;
    }
}
