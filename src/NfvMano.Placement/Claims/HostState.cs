using NfvMano.Placement.Inventory;

namespace NfvMano.Placement.Claims;

/// <summary>Mutable state of one host; its own monitor guards it.</summary>
internal sealed class HostState
{
    public HostState(int index, HostInventory inv, int zoneId, Func<string, int> physnetId)
    {
        Index = index;
        Inventory = inv;
        ZoneId = zoneId;
        if (inv.Cells.IsDefaultOrEmpty)
        {
            throw new InventoryException($"host {inv.Name}: has no NUMA cells");
        }

        Cells = inv.Cells.Select(c => new CellState(inv.Name, c, physnetId)).ToArray();
        if (Cells.Select(c => c.Id).Distinct().Count() != Cells.Length)
        {
            throw new InventoryException($"host {inv.Name}: two cells share an id");
        }

        var seen = new HashSet<int>();
        foreach (var cell in inv.Cells)
        {
            foreach (var cpu in cell.PinnableCpus.Concat(cell.SharedCpus))
            {
                if (!seen.Add(cpu))
                {
                    throw new InventoryException($"host {inv.Name} cell {cell.Id}: CPU {cpu} appears twice on the host");
                }
            }
        }

        TotalMemoryMiB = inv.Cells.Sum(c => c.TotalMemoryMiB);
        FreeMemoryMiB = TotalMemoryMiB;
        IndexedFreeMemoryMiB = TotalMemoryMiB;
    }

    public int Index { get; }

    public HostInventory Inventory { get; }

    public string Name => Inventory.Name;

    public int ZoneId { get; }

    /// <summary>The host class (shape) whose index files this host.</summary>
    public int ClassId { get; set; }

    public CellState[] Cells { get; }

    public long TotalMemoryMiB { get; }

    /// <summary>Nova's free_ram_mb: all memory minus what live guests hold, whatever the page size.</summary>
    public long FreeMemoryMiB { get; set; }

    /// <summary>The free memory the host index currently files this host under.</summary>
    public long IndexedFreeMemoryMiB { get; set; }

    /// <summary>
    /// Bumped on every release. Claims only ever shrink what is free, so a host that could not
    /// take a request shape stays unable to until its next release.
    /// </summary>
    public int ReleaseEpoch { get; set; }

    /// <summary>Bumped on every change, so a plan made without the lock can be checked.</summary>
    public long Version { get; set; }

    public CellState? CellById(int id)
    {
        foreach (var c in Cells)
        {
            if (c.Id == id)
            {
                return c;
            }
        }

        return null;
    }
}
