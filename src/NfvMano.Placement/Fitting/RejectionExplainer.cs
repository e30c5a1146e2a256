using System.Globalization;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Fitting;

/// <summary>
/// Says, for a host that cannot take a request, the binding reason. A host gets a reason code
/// (cheap, no strings), and each distinct code is phrased once for the whole rejection.
/// </summary>
internal static class RejectionExplainer
{
    private const int KindShift = 8;

    private enum Kind
    {
        TooFewCells = 1,
        NoVfsOnPhysnet,
        TooFewVfs,
        Cpu,
        NoSmt,
        Memory,
        CpuAndMemory,
        VfCell,
        Combination,
        IsolateHeadroom,
    }

    /// <summary>A reason code for the host: the kind of failure and, for VF failures, the port index.</summary>
    public static int Explain(HostState host, FitRequest req, PlacementOptions options)
    {
        var cells = host.Cells;
        if (req.Nodes > cells.Length)
        {
            return Code(Kind.TooFewCells);
        }

        for (var j = 0; j < req.VfCount.Length; j++)
        {
            int total = 0, pools = 0;
            foreach (var c in cells)
            {
                total += c.FreeVfs(req.VfPhysnet[j]);
                pools += c.VfIndex(req.VfPhysnet[j]) >= 0 ? 1 : 0;
            }

            if (total < req.VfCount[j])
            {
                return Code(pools == 0 ? Kind.NoVfsOnPhysnet : Kind.TooFewVfs, j);
            }
        }

        for (var g = 0; g < req.Nodes; g++)
        {
            var v = req.NodeVcpus[g];
            var m = req.NodeMemory[g];
            int cpuOk = 0, memOk = 0, both = 0, headroomOnly = 0;
            var anySmt = false;
            foreach (var c in cells)
            {
                anySmt |= c.Smt;
                var cpu = HostFitter.CpuFits(c, req, v, options);
                headroomOnly += !cpu && HostFitter.IsolateCoresFreeOnSmt(c, req, v, options) ? 1 : 0;
                var mem = HostFitter.MemoryFits(c, req.Page, m, out _, out _);
                cpuOk += cpu ? 1 : 0;
                memOk += mem ? 1 : 0;
                both += cpu && mem ? 1 : 0;
            }

            if (cpuOk < req.Nodes && cpuOk + headroomOnly >= req.Nodes)
            {
                return Code(Kind.IsolateHeadroom, g);
            }

            if (cpuOk < req.Nodes)
            {
                return Code(req.Dedicated && req.Thread == ThreadPolicy.Require && !anySmt ? Kind.NoSmt : Kind.Cpu, g);
            }

            if (memOk < req.Nodes)
            {
                return Code(Kind.Memory, g);
            }

            if (both < req.Nodes)
            {
                return Code(Kind.CpuAndMemory, g);
            }

            if (req.VfLocal && req.Nodes == 1)
            {
                for (var j = 0; j < req.VfCount.Length; j++)
                {
                    var local = 0;
                    foreach (var c in cells)
                    {
                        if (HostFitter.CpuFits(c, req, v, options) && HostFitter.MemoryFits(c, req.Page, m, out _, out _))
                        {
                            local += c.FreeVfs(req.VfPhysnet[j]);
                        }
                    }

                    if (local < req.VfCount[j])
                    {
                        return Code(Kind.VfCell, j);
                    }
                }
            }
        }

        return Code(Kind.Combination);
    }

    /// <summary>Phrases a reason code for several hosts, e.g. <c>lack 4 free dedicated CPUs on one cell</c>.</summary>
    public static string Phrase(int code, FitRequest req, PlacementOptions options)
    {
        var kind = (Kind)(code >> KindShift);
        var index = code & ((1 << KindShift) - 1);
        var where = req.Nodes == 1 ? "on one cell" : $"on each of {req.Nodes} cells";
        return kind switch
        {
            Kind.TooFewCells => $"have fewer than {req.Nodes} NUMA cells",
            Kind.NoVfsOnPhysnet => $"have no VFs on {req.VfPhysnetName[index]}",
            Kind.TooFewVfs => $"lack {Count(req.VfCount[index], "free VF")} on {req.VfPhysnetName[index]}",
            Kind.NoSmt => "have no SMT siblings for thread policy require",
            Kind.Cpu => $"lack {CpuNeed(req, req.NodeVcpus[index])} {where}",
            Kind.IsolateHeadroom => string.Create(CultureInfo.InvariantCulture,
                $"lack {CpuNeed(req, req.NodeVcpus[index])} {where} with {options.IsolateOnSmtHeadroom * 100:0.#} % of {(req.Nodes == 1 ? "its" : "each cell's")} CPUs to spare"),
            Kind.Memory => $"lack {MemoryNeed(req, req.NodeMemory[index])} {where}",
            Kind.CpuAndMemory => $"lack a cell with both {CpuNeed(req, req.NodeVcpus[index])} and {MemoryNeed(req, req.NodeMemory[index])}",
            Kind.VfCell => $"lack {CpuNeed(req, req.NodeVcpus[0])} and {MemoryNeed(req, req.NodeMemory[0])} on the cell holding {Count(req.VfCount[index], "free VF")} on {req.VfPhysnetName[index]}",
            _ => req.VfLocal && req.WantsVfs
                ? $"cannot put the guest's {req.Nodes} cells together with their VFs on local cells"
                : $"cannot put the guest's {req.Nodes} cells on distinct host cells",
        };
    }

    private static int Code(Kind kind, int index = 0) => ((int)kind << KindShift) | Math.Min(index, (1 << KindShift) - 1);

    private static string CpuNeed(FitRequest req, int v)
    {
        if (!req.Dedicated)
        {
            return $"room for {Count(v, "shared vCPU")}";
        }

        return req.Thread switch
        {
            ThreadPolicy.Isolate => $"{Count(v, "whole free core")} (isolate)",
            ThreadPolicy.Require when v == 1 => "a free thread of an SMT core (require)",
            ThreadPolicy.Require when v % 2 == 0 => $"{Count(v / 2, "free sibling pair")} (require)",
            ThreadPolicy.Require => $"{Count(v / 2, "free sibling pair")} and a thread (require)",
            _ => Count(v, "free dedicated CPU"),
        };
    }

    private static string MemoryNeed(FitRequest req, long m) => req.Page.Kind switch
    {
        PageSizeKind.Small => $"{m} MiB of free 4 KiB memory",
        PageSizeKind.Explicit => Count(m * 1024 / req.Page.SizeKiB, $"free {PageSizeRequest.FormatSize(req.Page.SizeKiB)} page"),
        PageSizeKind.Large => $"{m} MiB of free huge pages",
        _ => $"{m} MiB of free memory in any page size",
    };

    // Every noun phrased here takes a plain "s" in the plural.
    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
