using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Fitting;

/// <summary>Says, for a host that cannot take a request, the binding reason, phrased for a count of hosts.</summary>
internal static class RejectionExplainer
{
    public static string Explain(HostState host, FitRequest req, PlacementOptions options)
    {
        var cells = host.Cells;
        if (req.Nodes > cells.Length)
        {
            return $"have fewer than {req.Nodes} NUMA cells";
        }

        for (var j = 0; j < req.VfCount.Length; j++)
        {
            var total = cells.Sum(c => c.FreeVfs(req.VfPhysnet[j]));
            if (total < req.VfCount[j])
            {
                return total == 0 && cells.All(c => c.VfIndex(req.VfPhysnet[j]) < 0)
                    ? $"have no VFs on {req.VfPhysnetName[j]}"
                    : $"lack {req.VfCount[j]} free VFs on {req.VfPhysnetName[j]}";
            }
        }

        for (var g = 0; g < req.Nodes; g++)
        {
            var v = req.NodeVcpus[g];
            var m = req.NodeMemory[g];
            var cpuOk = cells.Where(c => HostFitter.CpuFits(c, req, v, options)).ToArray();
            if (cpuOk.Length < req.Nodes)
            {
                return CpuPhrase(cells, req, v, cpuOk.Length);
            }

            var memOk = cells.Where(c => HostFitter.MemoryFits(c, req.Page, m, out _, out _)).ToArray();
            if (memOk.Length < req.Nodes)
            {
                return MemoryPhrase(req, m, memOk.Length);
            }

            var both = cpuOk.Intersect(memOk).ToArray();
            if (both.Length < req.Nodes)
            {
                return $"lack a cell with both {CpuNeed(req, v)} and {MemoryNeed(req, m)} free";
            }

            if (req.VfLocal)
            {
                for (var j = 0; j < req.VfCount.Length; j++)
                {
                    var p = req.VfPhysnet[j];
                    if (req.Nodes == 1 && both.Sum(c => c.FreeVfs(p)) < req.VfCount[j])
                    {
                        return $"lack {CpuNeed(req, v)} and {MemoryNeed(req, m)} free on the cell holding {req.VfCount[j]} free VFs on {req.VfPhysnetName[j]}";
                    }
                }
            }
        }

        return req.VfLocal && req.WantsVfs
            ? $"cannot put the guest's {req.Nodes} cells together with their VFs on local cells"
            : $"cannot put the guest's {req.Nodes} cells on distinct host cells";
    }

    private static string CpuPhrase(CellState[] cells, FitRequest req, int v, int fitting)
    {
        var where = req.Nodes == 1 ? "on one cell" : $"on each of {req.Nodes} cells (only {fitting} have them)";
        if (req.Dedicated && req.Thread == ThreadPolicy.Require && !cells.Any(c => c.Smt))
        {
            return "have no SMT siblings for thread policy require";
        }

        return $"lack {CpuNeed(req, v)} {where}";
    }

    private static string CpuNeed(FitRequest req, int v)
    {
        if (!req.Dedicated)
        {
            return $"room for {v} shared vCPUs";
        }

        return req.Thread switch
        {
            ThreadPolicy.Isolate => $"{v} whole free cores (isolate)",
            ThreadPolicy.Require => v % 2 == 0 ? $"{v / 2} free sibling pairs (require)" : $"{v / 2} free sibling pairs and a thread (require)",
            _ => $"{v} free dedicated CPUs",
        };
    }

    private static string MemoryPhrase(FitRequest req, long m, int fitting)
    {
        var where = req.Nodes == 1 ? "on one cell" : $"on each of {req.Nodes} cells (only {fitting} have them)";
        return $"lack {MemoryNeed(req, m)} {where}";
    }

    private static string MemoryNeed(FitRequest req, long m) => req.Page.Kind switch
    {
        PageSizeKind.Small => $"{m} MiB of 4 KiB memory",
        PageSizeKind.Explicit => $"{m * 1024 / req.Page.SizeKiB} free {PageSizeRequest.FormatSize(req.Page.SizeKiB)} pages",
        PageSizeKind.Large => $"{m} MiB of huge pages",
        _ => $"{m} MiB of memory in any page size",
    };
}
