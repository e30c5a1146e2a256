using System.Collections.Immutable;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Fitting;

/// <summary>
/// Fits one request onto one host: by counts first (cheap, exact), then chooses the concrete CPUs
/// and VFs. Every method expects the caller to hold the host's lock.
/// </summary>
internal static class HostFitter
{
    // Cost weights: lower cost is a better fit. Spreading pinned CPUs over cells dominates; the
    // other terms keep whole cores, scarce page pools and SR-IOV cells for the requests that need them.
    // Best fit on CPUs was the first choice; spread (with more candidate hosts) accepted 402 more
    // guests over 30 benchmark scenarios, up to 67 more on one, at most 11 fewer on seven.
    private const double CpuSpread = 4.0;
    private const double NewFragment = 0.35;
    private const double ReservedSibling = 1.2;
    private const double SharedTightness = 0.1;
    private const double MemoryTightness = 0.1;
    private const double VfCellProtection = 0.45;
    private const double RemoteVf = 0.2;
    private const double RemoteVfFromRichCell = 0.5;
    private const double VfBalance = 3.0;
    private const double NoSmtProtection = 1.0;

    private const int MaxCellsForPermutations = 16;

    /// <summary>Finds the cheapest fit of the request on the host, or null.</summary>
    public static HostPlan? Evaluate(HostState host, FitRequest req, PlacementOptions options)
    {
        var cells = host.Cells;
        var n = req.Nodes;
        if (n > cells.Length || cells.Length > MaxCellsForPermutations)
        {
            return null;
        }

        if (req.WantsVfs)
        {
            for (var j = 0; j < req.VfCount.Length; j++)
            {
                if (req.VfPhysnet[j] < 0)
                {
                    return null;
                }

                var total = 0;
                foreach (var c in cells)
                {
                    total += c.FreeVfs(req.VfPhysnet[j]);
                }

                if (total < req.VfCount[j])
                {
                    return null;
                }
            }
        }

        Span<double> optCost = stackalloc double[n * cells.Length];
        Span<int> optPage = stackalloc int[n * cells.Length];
        for (var g = 0; g < n; g++)
        {
            var any = false;
            for (var c = 0; c < cells.Length; c++)
            {
                var ok = CellOption(cells[c], req, g, options, out var cost, out var page);
                optCost[(g * cells.Length) + c] = ok ? cost : double.NaN;
                optPage[(g * cells.Length) + c] = page;
                any |= ok;
            }

            if (!any)
            {
                return null;
            }
        }

        Span<int> chosen = stackalloc int[n];
        Span<int> best = stackalloc int[n];
        var bestCost = double.PositiveInfinity;
        Search(cells, req, optCost, chosen, best, 0, 0u, 0.0, ref bestCost);
        if (double.IsPositiveInfinity(bestCost))
        {
            return null;
        }

        var plan = new HostPlan(n, req.VfCount.Length) { Cost = bestCost, Version = host.Version };
        for (var g = 0; g < n; g++)
        {
            plan.CellIndex[g] = best[g];
            plan.PageIndex[g] = optPage[(g * cells.Length) + best[g]];
        }

        AllocateVfs(cells, req, best, plan);
        return plan;
    }

    private static void Search(
        CellState[] cells, FitRequest req, ReadOnlySpan<double> optCost, Span<int> chosen, Span<int> best,
        int g, uint usedMask, double cost, ref double bestCost)
    {
        if (g == req.Nodes)
        {
            var vfCost = VfCost(cells, req, chosen);
            if (vfCost is { } extra && cost + extra < bestCost)
            {
                bestCost = cost + extra;
                chosen.CopyTo(best);
            }

            return;
        }

        for (var c = 0; c < cells.Length; c++)
        {
            var oc = optCost[(g * cells.Length) + c];
            if ((usedMask & (1u << c)) != 0 || double.IsNaN(oc))
            {
                continue;
            }

            chosen[g] = c;
            Search(cells, req, optCost, chosen, best, g + 1, usedMask | (1u << c), cost + oc, ref bestCost);
        }
    }

    /// <summary>Extra cost of the VFs for this choice of cells, or null when they cannot be had.</summary>
    private static double? VfCost(CellState[] cells, FitRequest req, ReadOnlySpan<int> chosen)
    {
        double cost = 0;
        for (var j = 0; j < req.VfCount.Length; j++)
        {
            var local = 0;
            foreach (var c in chosen)
            {
                local += cells[c].FreeVfs(req.VfPhysnet[j]);
            }

            if (local < req.VfCount[j])
            {
                if (req.VfLocal)
                {
                    return null;
                }

                // Remote VFs are possible (host total was checked); prefer local ones.
                var remote = req.VfCount[j] - local;
                cost += RemoteVf * remote / req.VfCount[j];

                // Taking them from a cell that offers several physnets drains what only such a cell
                // can give (VFs on all of them next to its CPUs), the more so as its pool runs low.
                // A flat charge instead sent such guests to cells whose page pools others needed.
                var drain = 0.0;
                for (var c = 0; c < cells.Length; c++)
                {
                    var pool = cells[c].VfIndex(req.VfPhysnet[j]);
                    if (!chosen.Contains(c) && pool >= 0 && cells[c].VfFree[pool] > 0)
                    {
                        var used = 1.0 - ((double)cells[c].VfFree[pool] / cells[c].VfCap[pool]);
                        drain = Math.Max(drain, (cells[c].VfPhysnet.Length - 1) * used);
                    }
                }

                cost += RemoteVfFromRichCell * drain * remote / req.VfCount[j];
            }
        }

        return cost;
    }

    private static void AllocateVfs(CellState[] cells, FitRequest req, ReadOnlySpan<int> chosen, HostPlan plan)
    {
        Span<bool> isChosen = stackalloc bool[cells.Length];
        foreach (var c in chosen)
        {
            isChosen[c] = true;
        }

        for (var j = 0; j < req.VfCount.Length; j++)
        {
            var need = req.VfCount[j];
            var p = req.VfPhysnet[j];

            // Local cells first, the fuller pool first, so VFs stay spread for later guests.
            for (var pass = 0; pass < 2 && need > 0; pass++)
            {
                while (need > 0)
                {
                    var pick = -1;
                    var pickFree = 0;
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (isChosen[c] != (pass == 0))
                        {
                            continue;
                        }

                        var already = plan.VfFrom[j].Where(x => x.Cell == c).Sum(x => x.Count);
                        var free = cells[c].FreeVfs(p) - already;
                        if (free > pickFree)
                        {
                            pick = c;
                            pickFree = free;
                        }
                    }

                    if (pick < 0)
                    {
                        break;
                    }

                    var take = Math.Min(need, pickFree);
                    plan.VfFrom[j].Add((pick, take));
                    need -= take;
                }
            }
        }
    }

    /// <summary>Whether guest node <paramref name="g"/> fits on the cell, with its cost and page pool.</summary>
    public static bool CellOption(CellState cell, FitRequest req, int g, PlacementOptions options, out double cost, out int page)
    {
        cost = 0;
        page = -1;
        var v = req.NodeVcpus[g];
        if (!CpuFits(cell, req, v, options))
        {
            return false;
        }

        if (!MemoryFits(cell, req.Page, req.NodeMemory[g], out page, out var memCost))
        {
            return false;
        }

        cost = memCost + CpuCost(cell, req, v, options);

        // A cell's VFs on physnets this guest does not use here are worth keeping reachable for
        // guests that need them locally; the more physnets a cell offers, the rarer it is.
        for (var i = 0; i < cell.VfPhysnet.Length; i++)
        {
            if (cell.VfFree[i] > 0 && !(req.VfLocal && req.WantsVf(cell.VfPhysnet[i])))
            {
                cost += VfCellProtection;
            }
        }

        // Keep a cell's CPUs and the VFs this guest uses running out together: a cell left with
        // VFs but no CPUs (or the reverse) strands what is left. (Balancing page pools the same
        // way was tried and accepted fewer guests on SR-IOV-heavy and churning fleets.)
        if (req.Dedicated)
        {
            var cpuAfter = (double)(cell.FreeCpus - v) / cell.TotalCpus;
            if (req.VfLocal)
            {
                int vfFree = 0, vfCap = 0, vfNeed = 0;
                for (var j = 0; j < req.VfPhysnet.Length; j++)
                {
                    var pool = cell.VfIndex(req.VfPhysnet[j]);
                    if (pool >= 0)
                    {
                        vfFree += cell.VfFree[pool];
                        vfCap += cell.VfCap[pool];
                        vfNeed += req.VfCount[j];
                    }
                }

                if (vfCap > 0)
                {
                    var vfAfter = (double)Math.Max(0, vfFree - vfNeed) / vfCap;
                    cost += VfBalance * Math.Abs(cpuAfter - vfAfter);
                }
            }
        }

        // Cores without SMT are the only ones where isolate costs no idle sibling.
        if (req.Dedicated && req.Thread != ThreadPolicy.Isolate && !cell.Smt)
        {
            cost += NoSmtProtection;
        }

        return true;
    }

    public static bool CpuFits(CellState cell, FitRequest req, int v, PlacementOptions options)
    {
        if (!req.Dedicated)
        {
            return v <= cell.SharedCpus && cell.SharedUsed + v <= (options.CpuAllocationRatio * cell.SharedCpus) + 1e-9;
        }

        return req.Thread switch
        {
            ThreadPolicy.Isolate => cell.WholeCores >= v && (!cell.Smt || IsolateOnSmtFits(cell, v, options)),
            ThreadPolicy.Require => cell.PairCapacity >= v / 2 && (v % 2 == 0 || cell.SmtFree >= (2 * (v / 2)) + 1),
            _ => cell.FreeCpus >= v,
        };
    }

    private static bool IsolateOnSmtFits(CellState cell, int v, PlacementOptions options) =>
        options.IsolateOnSmt && cell.FreeCpus - (2 * v) >= options.IsolateOnSmtHeadroom * cell.TotalCpus;

    /// <summary>
    /// Whether an isolate guest's whole cores are free on an SMT cell where it may take them: when
    /// <see cref="CpuFits"/> refuses such a cell, only the headroom rule does.
    /// </summary>
    public static bool IsolateCoresFreeOnSmt(CellState cell, FitRequest req, int v, PlacementOptions options) =>
        req.Dedicated && req.Thread == ThreadPolicy.Isolate && cell.Smt && options.IsolateOnSmt && cell.WholeCores >= v;

    private static double CpuCost(CellState cell, FitRequest req, int v, PlacementOptions options)
    {
        if (!req.Dedicated)
        {
            var limit = options.CpuAllocationRatio * cell.SharedCpus;
            return SharedTightness * (limit - cell.SharedUsed - v) / limit;
        }

        var singles = cell.SmtFree - (2 * cell.PairCapacity);
        double cost;
        switch (req.Thread)
        {
            case ThreadPolicy.Isolate:
                var siblings = cell.Smt ? SmallestWholeCoreSize(cell) - 1 : 0;
                cost = CpuSpread * UsedAfter(cell, v * (1 + siblings)) + (ReservedSibling * siblings);
                break;
            case ThreadPolicy.Require:
                cost = CpuSpread * UsedAfter(cell, v);
                if (v % 2 == 1 && singles == 0)
                {
                    cost += NewFragment;
                }

                break;
            default:
                cost = CpuSpread * UsedAfter(cell, v);
                if (cell.Smt && (v - Math.Min(singles, v)) % 2 == 1)
                {
                    cost += NewFragment;
                }

                break;
        }

        return cost;
    }

    private static double UsedAfter(CellState cell, int taken) => 1 - ((double)(cell.FreeCpus - taken) / cell.TotalCpus);

    private static int SmallestWholeCoreSize(CellState cell)
    {
        var min = int.MaxValue;
        for (var k = 0; k < cell.Cores.Length; k++)
        {
            var size = cell.Cores[k].Length;
            if (cell.CoreFree[k] == size && size < min)
            {
                min = size;
                if (size == 1)
                {
                    break;
                }
            }
        }

        return min == int.MaxValue ? 1 : min;
    }

    public static bool MemoryFits(CellState cell, PageSizeRequest wish, long mib, out int page, out double cost)
    {
        page = -2;
        cost = double.PositiveInfinity;
        if (wish.Allows(PageSizeRequest.SmallPageKiB) && cell.MemCap - cell.MemUsed >= mib)
        {
            page = -1;
            cost = MemoryTightness * (cell.MemCap - cell.MemUsed - mib) / cell.MemCap;
            if (wish.Kind != PageSizeKind.Small)
            {
                // Flexible guests take the pool that stays freest, so fixed-size guests find theirs.
                cost = MemoryTightness * (1 - ((double)(cell.MemCap - cell.MemUsed - mib) / cell.MemCap));
            }
        }

        if (wish.Kind != PageSizeKind.Small)
        {
            for (var i = 0; i < cell.PageSizes.Length; i++)
            {
                var size = cell.PageSizes[i];
                if (!wish.Allows(size) || mib * 1024 % size != 0)
                {
                    continue;
                }

                var pages = mib * 1024 / size;
                var free = cell.PageCap[i] - cell.PageUsed[i];
                if (pages > free)
                {
                    continue;
                }

                double c = wish.Kind == PageSizeKind.Explicit
                    ? MemoryTightness * (free - pages) / cell.PageCap[i]
                    : MemoryTightness * (1 - ((double)(free - pages) / cell.PageCap[i]));
                if (c < cost)
                {
                    cost = c;
                    page = i;
                }
            }
        }

        return page != -2;
    }

    /// <summary>Chooses the concrete CPUs and VFs of a plan; changes nothing.</summary>
    public static Assignment Materialize(HostState host, FitRequest req, HostPlan plan)
    {
        var cells = ImmutableArray.CreateBuilder<CellAssignment>(req.Nodes);
        for (var g = 0; g < req.Nodes; g++)
        {
            var cell = host.Cells[plan.CellIndex[g]];
            var v = req.NodeVcpus[g];
            var pageKiB = plan.PageIndex[g] < 0 ? PageSizeRequest.SmallPageKiB : cell.PageSizes[plan.PageIndex[g]];
            if (!req.Dedicated)
            {
                cells.Add(new CellAssignment(g, cell.Id, [], [], v, req.NodeMemory[g], pageKiB));
                continue;
            }

            var (pinned, reserved) = ChooseCpus(cell, req.Thread, v);
            cells.Add(new CellAssignment(g, cell.Id, pinned, reserved, 0, req.NodeMemory[g], pageKiB));
        }

        var vfs = ImmutableArray.CreateBuilder<VfAssignment>();
        for (var j = 0; j < req.VfCount.Length; j++)
        {
            foreach (var (c, count) in plan.VfFrom[j])
            {
                var cell = host.Cells[c];
                var pool = cell.VfIndex(req.VfPhysnet[j]);
                var taken = vfs.Count(x => x.HostCell == cell.Id && x.Physnet == req.VfPhysnetName[j]);
                var left = count;
                for (var slot = 0; slot < cell.VfUsed[pool].Length && left > 0; slot++)
                {
                    if (cell.VfUsed[pool][slot])
                    {
                        continue;
                    }

                    if (taken > 0)
                    {
                        taken--;
                        continue;
                    }

                    vfs.Add(new VfAssignment(req.VfPhysnetName[j], cell.Id, slot, cell.VfIds[pool][slot]));
                    left--;
                }
            }
        }

        return new Assignment(req.Source.Id, host.Name, cells.MoveToImmutable(), vfs.ToImmutable(), req.Source.Groups);
    }

    private static (ImmutableArray<int> Pinned, ImmutableArray<int> Reserved) ChooseCpus(CellState cell, ThreadPolicy thread, int v)
    {
        var pinned = ImmutableArray.CreateBuilder<int>(v);
        var reserved = ImmutableArray.CreateBuilder<int>();
        var order = Enumerable.Range(0, cell.Cores.Length).Where(k => cell.CoreFree[k] > 0);
        switch (thread)
        {
            case ThreadPolicy.Isolate:
                foreach (var k in order.Where(k => cell.CoreFree[k] == cell.Cores[k].Length).OrderBy(k => cell.Cores[k].Length).Take(v))
                {
                    pinned.Add(cell.Cpus[cell.Cores[k][0]]);
                    reserved.AddRange(cell.Cores[k].Skip(1).Select(l => cell.Cpus[l]));
                }

                break;
            case ThreadPolicy.Require:
                var pairs = v / 2;
                var usedPairs = new Dictionary<int, int>();
                foreach (var k in order.Where(k => cell.Cores[k].Length > 1 && cell.CoreFree[k] >= 2).OrderBy(k => cell.CoreFree[k]))
                {
                    var free = FreeThreads(cell, k).ToArray();
                    var take = Math.Min(free.Length / 2, pairs);
                    for (var t = 0; t < take * 2; t++)
                    {
                        pinned.Add(cell.Cpus[free[t]]);
                    }

                    usedPairs[k] = take * 2;
                    pairs -= take;
                    if (pairs == 0)
                    {
                        break;
                    }
                }

                if (v % 2 == 1)
                {
                    // The single vCPU goes on a core already split if there is one.
                    var single = order
                        .Where(k => cell.Cores[k].Length > 1 && cell.CoreFree[k] - usedPairs.GetValueOrDefault(k) > 0)
                        .OrderBy(k => (cell.CoreFree[k] - usedPairs.GetValueOrDefault(k)) % 2 == 1 ? 0 : 1)
                        .ThenBy(k => cell.CoreFree[k])
                        .First();
                    pinned.Add(cell.Cpus[FreeThreads(cell, single).Skip(usedPairs.GetValueOrDefault(single)).First()]);
                }

                break;
            default:
                // Half-used cores first: they are only good for guests like this one.
                foreach (var k in order.OrderBy(k => cell.CoreFree[k]).ThenBy(k => k))
                {
                    foreach (var l in FreeThreads(cell, k))
                    {
                        if (pinned.Count == v)
                        {
                            break;
                        }

                        pinned.Add(cell.Cpus[l]);
                    }

                    if (pinned.Count == v)
                    {
                        break;
                    }
                }

                break;
        }

        return (pinned.ToImmutable(), reserved.ToImmutable());
    }

    private static IEnumerable<int> FreeThreads(CellState cell, int core) =>
        cell.Cores[core].Where(l => !cell.Used[l]);

    /// <summary>Checks that every resource of the assignment is free on the host, then takes it; all or nothing.</summary>
    public static void Apply(HostState host, Assignment a, PlacementOptions options)
    {
        // Check everything first so a failed claim leaves no trace.
        var cpuLocals = new List<(CellState Cell, int Local)>();
        var seenCells = new HashSet<int>();
        var pageNeed = new Dictionary<(CellState, int), long>();
        var memNeed = new Dictionary<CellState, long>();
        var sharedNeed = new Dictionary<CellState, int>();
        foreach (var ca in a.Cells)
        {
            var cell = host.CellById(ca.HostCell) ?? throw new ClaimException($"{a.RequestId}: host {host.Name} has no cell {ca.HostCell}");
            if (!seenCells.Add(ca.HostCell))
            {
                throw new ClaimException($"{a.RequestId}: two guest cells on host cell {ca.HostCell} of {host.Name}");
            }

            foreach (var cpu in ca.PinnedCpus.Concat(ca.ReservedCpus))
            {
                if (!cell.LocalOf.TryGetValue(cpu, out var local))
                {
                    throw new ClaimException($"{a.RequestId}: CPU {cpu} is not pinnable on {host.Name} cell {cell.Id}");
                }

                if (cell.Used[local] || cpuLocals.Contains((cell, local)))
                {
                    throw new ClaimException($"{a.RequestId}: CPU {cpu} on {host.Name} cell {cell.Id} is already in use");
                }

                cpuLocals.Add((cell, local));
            }

            if (ca.SharedVcpus > 0)
            {
                if (ca.SharedVcpus > cell.SharedCpus || cell.SharedUsed + ca.SharedVcpus > (options.CpuAllocationRatio * cell.SharedCpus) + 1e-9)
                {
                    throw new ClaimException($"{a.RequestId}: {ca.SharedVcpus} shared vCPUs exceed the limit on {host.Name} cell {cell.Id}");
                }

                sharedNeed[cell] = ca.SharedVcpus;
            }

            if (ca.PageSizeKiB == PageSizeRequest.SmallPageKiB)
            {
                if (cell.MemCap - cell.MemUsed < ca.MemoryMiB)
                {
                    throw new ClaimException($"{a.RequestId}: {ca.MemoryMiB} MiB of 4 KiB memory not free on {host.Name} cell {cell.Id}");
                }

                memNeed[cell] = ca.MemoryMiB;
            }
            else
            {
                var i = cell.PageIndex(ca.PageSizeKiB);
                if (i < 0 || ca.MemoryMiB * 1024 % ca.PageSizeKiB != 0)
                {
                    throw new ClaimException($"{a.RequestId}: {host.Name} cell {cell.Id} has no whole {PageSizeRequest.FormatSize(ca.PageSizeKiB)} pages for {ca.MemoryMiB} MiB");
                }

                var pages = ca.MemoryMiB * 1024 / ca.PageSizeKiB;
                if (cell.PageCap[i] - cell.PageUsed[i] < pages)
                {
                    throw new ClaimException($"{a.RequestId}: {pages} {PageSizeRequest.FormatSize(ca.PageSizeKiB)} pages not free on {host.Name} cell {cell.Id}");
                }

                pageNeed[(cell, i)] = pages;
            }
        }

        var vfSlots = new List<(CellState Cell, int Pool, int Slot)>();
        foreach (var vf in a.Vfs)
        {
            var cell = host.CellById(vf.HostCell) ?? throw new ClaimException($"{a.RequestId}: host {host.Name} has no cell {vf.HostCell}");
            var pool = Array.IndexOf(cell.VfPhysnetName, vf.Physnet);
            if (pool < 0 || vf.Slot < 0 || vf.Slot >= cell.VfUsed[pool].Length)
            {
                throw new ClaimException($"{a.RequestId}: {host.Name} cell {cell.Id} has no VF {vf.Slot} on {vf.Physnet}");
            }

            if (cell.VfUsed[pool][vf.Slot] || vfSlots.Contains((cell, pool, vf.Slot)))
            {
                throw new ClaimException($"{a.RequestId}: VF {vf.Slot} on {vf.Physnet} of {host.Name} cell {cell.Id} is already in use");
            }

            vfSlots.Add((cell, pool, vf.Slot));
        }

        foreach (var (cell, local) in cpuLocals)
        {
            cell.TakeCpu(local);
        }

        foreach (var (cell, v) in sharedNeed)
        {
            cell.SharedUsed += v;
        }

        foreach (var (cell, m) in memNeed)
        {
            cell.MemUsed += m;
        }

        foreach (var ((cell, i), pages) in pageNeed)
        {
            cell.PageUsed[i] += (int)pages;
        }

        foreach (var (cell, pool, slot) in vfSlots)
        {
            cell.VfUsed[pool][slot] = true;
            cell.VfFree[pool]--;
        }

        host.FreeMemoryMiB -= a.Cells.Sum(c => c.MemoryMiB);
        host.Version++;
    }

    /// <summary>Gives back exactly what <see cref="Apply"/> took.</summary>
    public static void Unapply(HostState host, Assignment a)
    {
        foreach (var ca in a.Cells)
        {
            var cell = host.CellById(ca.HostCell)!;
            foreach (var cpu in ca.PinnedCpus.Concat(ca.ReservedCpus))
            {
                cell.FreeCpu(cell.LocalOf[cpu]);
            }

            cell.SharedUsed -= ca.SharedVcpus;
            if (ca.PageSizeKiB == PageSizeRequest.SmallPageKiB)
            {
                cell.MemUsed -= ca.MemoryMiB;
            }
            else
            {
                cell.PageUsed[cell.PageIndex(ca.PageSizeKiB)] -= (int)(ca.MemoryMiB * 1024 / ca.PageSizeKiB);
            }
        }

        foreach (var vf in a.Vfs)
        {
            var cell = host.CellById(vf.HostCell)!;
            var pool = Array.IndexOf(cell.VfPhysnetName, vf.Physnet);
            cell.VfUsed[pool][vf.Slot] = false;
            cell.VfFree[pool]++;
        }

        host.FreeMemoryMiB += a.Cells.Sum(c => c.MemoryMiB);
        host.Version++;
        host.ReleaseEpoch++;
    }
}
