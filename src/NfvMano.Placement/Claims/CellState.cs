using System.Collections.Immutable;
using NfvMano.Placement.Inventory;

namespace NfvMano.Placement.Claims;

/// <summary>
/// Mutable capacity and usage of one host cell. Counters are kept up to date on every change so a
/// fit check is a few comparisons; callers hold the owning host's lock.
/// </summary>
internal sealed class CellState
{
    public CellState(string host, NumaCellInventory inv, Func<string, int> physnetId)
    {
        Id = inv.Id;
        Cpus = [.. inv.PinnableCpus];
        LocalOf = new Dictionary<int, int>(Cpus.Length);
        for (var i = 0; i < Cpus.Length; i++)
        {
            if (!LocalOf.TryAdd(Cpus[i], i))
            {
                throw new InventoryException($"host {host} cell {inv.Id}: CPU {Cpus[i]} is listed twice");
            }
        }

        var shared = new HashSet<int>(inv.SharedCpus);
        CoreOf = Enumerable.Repeat(-1, Cpus.Length).ToArray();
        var cores = new List<int[]>();
        foreach (var group in inv.SiblingGroups)
        {
            var locals = new List<int>();
            foreach (var cpu in group)
            {
                if (LocalOf.TryGetValue(cpu, out var local))
                {
                    if (CoreOf[local] >= 0)
                    {
                        throw new InventoryException($"host {host} cell {inv.Id}: CPU {cpu} is in two sibling groups");
                    }

                    CoreOf[local] = cores.Count;
                    locals.Add(local);
                }
                else if (!shared.Contains(cpu))
                {
                    throw new InventoryException($"host {host} cell {inv.Id}: sibling CPU {cpu} is neither pinnable nor shared");
                }
            }

            if (locals.Count > 0)
            {
                if (locals.Count != group.Length)
                {
                    throw new InventoryException($"host {host} cell {inv.Id}: core [{string.Join(",", group)}] straddles the pinnable and shared pools");
                }

                cores.Add([.. locals]);
            }
        }

        for (var i = 0; i < Cpus.Length; i++)
        {
            if (CoreOf[i] < 0)
            {
                CoreOf[i] = cores.Count;
                cores.Add([i]);
            }
        }

        Cores = [.. cores];
        CoreFree = Cores.Select(c => c.Length).ToArray();
        Used = new bool[Cpus.Length];
        TotalCpus = Cpus.Length;
        FreeCpus = Cpus.Length;
        foreach (var core in Cores)
        {
            Smt |= core.Length > 1;
            AddCore(core.Length, core.Length, 1);
        }

        SharedCpus = inv.SharedCpus.Length;
        MemCap = inv.SmallPageMemoryMiB;
        var sizes = inv.HugePages.Where(p => p.Value > 0).OrderBy(p => p.Key).ToArray();
        PageSizes = sizes.Select(p => p.Key).ToArray();
        PageCap = sizes.Select(p => p.Value).ToArray();
        PageUsed = new int[PageSizes.Length];

        var pools = inv.SrIov.GroupBy(p => p.Physnet, StringComparer.Ordinal).ToArray();
        VfPhysnet = pools.Select(g => physnetId(g.Key)).ToArray();
        VfPhysnetName = pools.Select(g => g.Key).ToArray();
        VfIds = pools.Select(g => g.SelectMany(p => p.Identities.IsDefaultOrEmpty
            ? Enumerable.Repeat<string?>(null, p.Count)
            : p.Identities.Select(s => (string?)s)).ToArray()).ToArray();
        VfUsed = VfIds.Select(ids => new bool[ids.Length]).ToArray();
        VfFree = VfIds.Select(ids => ids.Length).ToArray();
        VfCap = VfIds.Select(ids => ids.Length).ToArray();
        foreach (var pool in inv.SrIov.Where(p => !p.Identities.IsDefaultOrEmpty && p.Identities.Length != p.Count))
        {
            throw new InventoryException($"host {host} cell {inv.Id}: pool on {pool.Physnet} has {pool.Count} VFs but {pool.Identities.Length} identities");
        }
    }

    public int Id { get; }

    /// <summary>Local index → host CPU id of the pinnable CPUs.</summary>
    public int[] Cpus { get; }

    public Dictionary<int, int> LocalOf { get; }

    public int[] CoreOf { get; }

    public int[][] Cores { get; }

    public bool Smt { get; }

    public bool[] Used { get; }

    public int[] CoreFree { get; }

    public int TotalCpus { get; }

    public int FreeCpus { get; private set; }

    /// <summary>Cores whose threads are all free.</summary>
    public int WholeCores { get; private set; }

    /// <summary>Sibling pairs that can still be taken from SMT cores.</summary>
    public int PairCapacity { get; private set; }

    /// <summary>Free threads on SMT cores.</summary>
    public int SmtFree { get; private set; }

    public int SharedCpus { get; }

    public int SharedUsed { get; set; }

    public long MemCap { get; }

    public long MemUsed { get; set; }

    public long[] PageSizes { get; }

    public int[] PageCap { get; }

    public int[] PageUsed { get; }

    public int[] VfPhysnet { get; }

    public string[] VfPhysnetName { get; }

    public string?[][] VfIds { get; }

    public bool[][] VfUsed { get; }

    public int[] VfFree { get; }

    public int[] VfCap { get; }

    public int FreeVfsTotal => VfFree.Sum();

    public int VfIndex(int physnet)
    {
        for (var i = 0; i < VfPhysnet.Length; i++)
        {
            if (VfPhysnet[i] == physnet)
            {
                return i;
            }
        }

        return -1;
    }

    public int FreeVfs(int physnet)
    {
        var i = VfIndex(physnet);
        return i < 0 ? 0 : VfFree[i];
    }

    public int PageIndex(long sizeKiB) => Array.IndexOf(PageSizes, sizeKiB);

    public void TakeCpu(int local)
    {
        if (Used[local])
        {
            throw new ClaimException($"cell {Id}: CPU {Cpus[local]} is already in use");
        }

        var core = CoreOf[local];
        var size = Cores[core].Length;
        AddCore(size, CoreFree[core], -1);
        Used[local] = true;
        CoreFree[core]--;
        FreeCpus--;
        AddCore(size, CoreFree[core], 1);
    }

    public void FreeCpu(int local)
    {
        if (!Used[local])
        {
            throw new ClaimException($"cell {Id}: CPU {Cpus[local]} is not in use");
        }

        var core = CoreOf[local];
        var size = Cores[core].Length;
        AddCore(size, CoreFree[core], -1);
        Used[local] = false;
        CoreFree[core]++;
        FreeCpus++;
        AddCore(size, CoreFree[core], 1);
    }

    public CellUsage Usage(string host) => new(
        host,
        Id,
        [.. Cpus.Where((_, i) => Used[i]).Order()],
        SharedUsed,
        MemUsed,
        [.. PageSizes.Select((s, i) => $"{s}:{PageUsed[i]}")],
        [.. VfPhysnetName.SelectMany((p, i) => VfUsed[i].Select((u, slot) => (u, slot)).Where(x => x.u).Select(x => $"{p}/{x.slot}")).Order(StringComparer.Ordinal)]);

    private void AddCore(int size, int free, int sign)
    {
        if (free == size)
        {
            WholeCores += sign;
        }

        if (size > 1)
        {
            PairCapacity += sign * (free / 2);
            SmtFree += sign * free;
        }
    }
}
