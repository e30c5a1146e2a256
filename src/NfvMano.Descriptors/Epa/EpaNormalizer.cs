using System.Globalization;
using NfvMano.Descriptors.Tosca;
using NfvMano.Descriptors.Validation;

namespace NfvMano.Descriptors.Epa;

/// <summary>
/// Turns the two ways packages state EPA needs — SOL001 properties (<c>virtual_cpu_pinning</c>, <c>numa_enabled</c>,
/// <c>logical_node</c>, <c>huge_pages_requirements</c>) or OpenStack-style <c>hw:*</c> keys (in <c>vdu_cpu_requirements</c>,
/// <c>vdu_mem_requirements</c>, <c>compute_requirements</c> or requested additional capabilities) — into one
/// <see cref="VduRequirements"/>. Where both are given they must agree.
/// </summary>
internal static class EpaNormalizer
{
    private const long MiB = 1024 * 1024;

    public static VduRequirements Normalize(NodeTemplate vdu, IEnumerable<NodeTemplate> ports, ValueReader read, ProblemList problems)
    {
        var at = vdu.Location.Child("capabilities", null).Child("virtual_compute", null).Child("properties", null);
        var compute = vdu.CapabilityProperties.GetValueOrDefault("virtual_compute") ?? [];
        var cpu = read.Get(compute, "virtual_cpu");
        var memory = read.Get(compute, "virtual_memory");
        var vcpus = (int)Math.Clamp(read.Int(read.Get(cpu, "num_virtual_cpu")) ?? 0, 0, 4096);
        var memoryMiB = (read.SizeBytes(read.Get(memory, "virtual_mem_size")) ?? 0) / MiB;

        var hw = CollectHwKeys(compute, cpu, memory, read);

        // CPU policy
        var pinning = read.Get(cpu, "virtual_cpu_pinning");
        CpuPolicy? sol001Cpu = pinning is null ? null
            : (read.String(read.Get(pinning, "virtual_cpu_pinning_policy")) ?? read.String(read.Get(pinning, "cpu_pinning_policy"))) is "static" or "dynamic" or null
                ? CpuPolicy.Dedicated : null;
        CpuPolicy? hwCpu = hw.TryGetValue("hw:cpu_policy", out var cp) ? ParseEnum<CpuPolicy>(cp, "hw:cpu_policy", at, problems) : null;
        if (sol001Cpu is not null && hwCpu is not null && sol001Cpu != hwCpu)
        {
            problems.Add("epa.conflict", at.Child("virtual_cpu", null), $"virtual_cpu_pinning asks for dedicated CPUs but hw:cpu_policy is '{cp}'");
        }

        var cpuPolicy = sol001Cpu ?? hwCpu ?? CpuPolicy.Shared;

        var threadPolicy = hw.TryGetValue("hw:cpu_thread_policy", out var tp) ? ParseEnum<ThreadPolicy>(tp, "hw:cpu_thread_policy", at, problems) ?? ThreadPolicy.Unspecified : ThreadPolicy.Unspecified;
        if (threadPolicy != ThreadPolicy.Unspecified && cpuPolicy == CpuPolicy.Shared)
        {
            problems.Add("epa.conflict", at.Child("virtual_cpu", null), "a CPU thread policy needs dedicated CPUs");
        }

        var numa = NumaNodes(compute, memory, hw, vcpus, memoryMiB, read, at, problems);
        var pageSize = PageSizeOf(memory, hw, read, at, problems);
        var pci = hw.TryGetValue("hw:pci_numa_affinity_policy", out var pp) ? ParseEnum<PciNumaAffinity>(pp, "hw:pci_numa_affinity_policy", at, problems) ?? PciNumaAffinity.Unspecified : PciNumaAffinity.Unspecified;

        var sriov = new List<SriovPort>();
        foreach (var port in ports)
        {
            var nicReqs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var req in read.Items(read.Get(port.Properties, "virtual_network_interface_requirements")))
            {
                foreach (var (k, v) in read.StringMap(read.Get(req, "network_interface_requirements")))
                {
                    nicReqs[k] = v;
                }
            }

            var vnic = read.String(read.Get(port.Properties, "vnic_type"))
                ?? nicReqs.GetValueOrDefault("vnic_type") ?? nicReqs.GetValueOrDefault("binding:vnic_type");
            if (vnic is not ("direct" or "direct-physical"))
            {
                continue;
            }

            var physnet = nicReqs.GetValueOrDefault("physical_network") ?? nicReqs.GetValueOrDefault("provider:physical_network") ?? nicReqs.GetValueOrDefault("physnet");
            sriov.Add(new SriovPort(port.Name, vnic, physnet, port.Targets("virtual_link").FirstOrDefault()));
        }

        return new VduRequirements(cpuPolicy, threadPolicy, vcpus, memoryMiB, numa, pageSize, pci, sriov);
    }

    private static SortedDictionary<string, string> CollectHwKeys(IReadOnlyDictionary<string, YNode?> compute, YNode? cpu, YNode? memory, ValueReader read)
    {
        var hw = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Take(SortedDictionary<string, string> source)
        {
            foreach (var (k, v) in source)
            {
                if (k.StartsWith("hw:", StringComparison.Ordinal))
                {
                    hw[k] = v;
                }
            }
        }

        Take(read.StringMap(read.Get(cpu, "vdu_cpu_requirements")));
        Take(read.StringMap(read.Get(memory, "vdu_mem_requirements")));
        Take(read.StringMap(read.Get(compute, "compute_requirements")));
        foreach (var (_, cap) in read.Entries(read.Get(compute, "requested_additional_capabilities")))
        {
            Take(read.StringMap(read.Get(cap, "target_performance_parameters")));
        }

        return hw;
    }

    private static List<GuestNumaNode> NumaNodes(IReadOnlyDictionary<string, YNode?> compute, YNode? memory, SortedDictionary<string, string> hw,
        int vcpus, long memoryMiB, ValueReader read, YamlLocation at, ProblemList problems)
    {
        // SOL001: numa_enabled with one logical_node entry per guest NUMA node.
        var logical = read.Entries(read.Get(compute, "logical_node"));
        var numaEnabled = read.Bool(read.Get(memory, "numa_enabled")) == true;
        List<GuestNumaNode>? sol001 = null;
        if (numaEnabled || logical.Count > 0)
        {
            var count = Math.Max(1, logical.Count);
            var cpus = new List<int>?[count];
            var mems = new long?[count];
            for (var i = 0; i < logical.Count; i++)
            {
                var reqs = read.StringMap(read.Get(logical[i].Value, "logical_node_requirements"));
                if (reqs.TryGetValue("vcpus", out var c))
                {
                    cpus[i] = ParseCpuSet(c, at.Child("logical_node", null).Child(logical[i].Key, null), problems);
                }

                if (reqs.TryGetValue("memory", out var m))
                {
                    mems[i] = ParseMiB(m, at.Child("logical_node", null).Child(logical[i].Key, null), problems);
                }
            }

            sol001 = Split(count, cpus, mems, vcpus, memoryMiB, at.Child("logical_node", null), problems);
        }

        List<GuestNumaNode>? fromHw = null;
        if (hw.TryGetValue("hw:numa_nodes", out var nodesText))
        {
            if (!int.TryParse(nodesText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 64)
            {
                problems.Add("epa.invalid", at, $"hw:numa_nodes '{nodesText}' is not a node count between 1 and 64");
            }
            else
            {
                var cpus = new List<int>?[count];
                var mems = new long?[count];
                for (var i = 0; i < count; i++)
                {
                    if (hw.TryGetValue($"hw:numa_cpus.{i}", out var c))
                    {
                        cpus[i] = ParseCpuSet(c, at, problems);
                    }

                    if (hw.TryGetValue($"hw:numa_mem.{i}", out var m))
                    {
                        mems[i] = ParseMiB(m, at, problems);
                    }
                }

                fromHw = Split(count, cpus, mems, vcpus, memoryMiB, at, problems);
            }
        }

        if (sol001 is not null && fromHw is not null && !sol001.SequenceEqual(fromHw))
        {
            problems.Add("epa.conflict", at.Child("logical_node", null), "logical_node and hw:numa_* describe different guest NUMA topologies");
        }

        return sol001 ?? fromHw ?? [];
    }

    // Unstated per-node CPUs and memory are split evenly, as Nova does.
    private static List<GuestNumaNode> Split(int count, List<int>?[] cpus, long?[] mems, int vcpus, long memoryMiB, YamlLocation at, ProblemList problems)
    {
        if (count > Math.Max(vcpus, 1))
        {
            problems.Add("epa.numa-mismatch", at, $"{count} guest NUMA nodes but only {vcpus} vCPUs");
        }

        var explicitCpus = cpus.All(c => c is not null);
        var explicitMem = mems.All(m => m is not null);
        var nodes = new List<GuestNumaNode>();
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var share = vcpus / count + (i < vcpus % count ? 1 : 0);
            var nodeCpus = explicitCpus ? cpus[i]! : [.. Enumerable.Range(next, share)];
            next += share;
            var mem = explicitMem ? mems[i]!.Value : memoryMiB / count;
            nodes.Add(new GuestNumaNode(i, nodeCpus, mem));
        }

        if (explicitCpus)
        {
            var all = nodes.SelectMany(n => n.Vcpus).Order().ToList();
            if (!all.SequenceEqual(Enumerable.Range(0, vcpus)))
            {
                problems.Add("epa.numa-mismatch", at, $"guest NUMA node CPUs [{string.Join(",", all)}] must cover vCPUs 0-{vcpus - 1} exactly once");
            }
        }

        if (explicitMem && nodes.Sum(n => n.MemoryMiB) != memoryMiB)
        {
            problems.Add("epa.numa-mismatch", at, $"guest NUMA node memory adds up to {nodes.Sum(n => n.MemoryMiB)} MiB, not the VDU's {memoryMiB} MiB");
        }

        return nodes;
    }

    private static PageSize? PageSizeOf(YNode? memory, SortedDictionary<string, string> hw, ValueReader read, YamlLocation at, ProblemList problems)
    {
        PageSize? sol001 = null;
        var huge = read.Items(read.Get(memory, "huge_pages_requirements"));
        foreach (var item in huge)
        {
            if (read.SizeBytes(read.Get(item, "hugepage_size")) is { } bytes)
            {
                var size = new PageSize(PageSizeKind.Explicit, bytes);
                if (sol001 is not null && sol001 != size)
                {
                    problems.Add("epa.conflict", at.Child("virtual_memory", null).Child("huge_pages_requirements", null), "more than one huge page size per VDU is not supported");
                }

                sol001 = size;
            }
        }

        PageSize? fromHw = null;
        if (hw.TryGetValue("hw:mem_page_size", out var text))
        {
            fromHw = ParsePageSize(text);
            if (fromHw is null)
            {
                problems.Add("epa.invalid", at.Child("virtual_memory", null), $"hw:mem_page_size '{text}' is not small, large, any or a size");
            }
        }

        if (sol001 is not null && fromHw is not null && sol001 != fromHw)
        {
            problems.Add("epa.conflict", at.Child("virtual_memory", null), $"huge_pages_requirements and hw:mem_page_size '{text}' disagree");
        }

        return sol001 ?? fromHw;
    }

    internal static PageSize? ParsePageSize(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "small":
                return new PageSize(PageSizeKind.Small, null);
            case "large":
                return new PageSize(PageSizeKind.Large, null);
            case "any":
                return new PageSize(PageSizeKind.Any, null);
        }

        // Nova reads a bare number as KiB; units may be written as 2MB, 2MiB, 1GB, 2048KB.
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
        {
            return new PageSize(PageSizeKind.Explicit, kib * 1024);
        }

        var digits = t.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !long.TryParse(t[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        long? factor = t[digits..].Trim().ToUpperInvariant() switch
        {
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => MiB,
            "G" or "GB" or "GIB" => 1024 * MiB,
            _ => null,
        };
        return factor is null ? null : new PageSize(PageSizeKind.Explicit, n * factor.Value);
    }

    private static List<int>? ParseCpuSet(string text, YamlLocation at, ProblemList problems)
    {
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var lo)
                && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var hi) && lo <= hi && hi < 4096)
            {
                result.AddRange(Enumerable.Range(lo, hi - lo + 1));
            }
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var one) && one < 4096)
            {
                result.Add(one);
            }
            else
            {
                problems.Add("epa.invalid", at, $"'{text}' is not a CPU list such as 0-3,6");
                return null;
            }
        }

        result.Sort();
        return result;
    }

    private static long? ParseMiB(string text, YamlLocation at, ProblemList problems)
    {
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mib))
        {
            return mib;
        }

        if (ScalarUnits.TryParseSize(text, out var bytes))
        {
            return bytes / MiB;
        }

        problems.Add("epa.invalid", at, $"'{text}' is not a memory size (MiB, or a number with a unit)");
        return null;
    }

    private static T? ParseEnum<T>(string text, string key, YamlLocation at, ProblemList problems)
        where T : struct, Enum
    {
        if (!text.Contains(',', StringComparison.Ordinal) && Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value)
            && !text.Trim().Equals(nameof(ThreadPolicy.Unspecified), StringComparison.OrdinalIgnoreCase)
            && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        problems.Add("epa.invalid", at, $"{key} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Where(n => n != "Unspecified").Select(n => n.ToLowerInvariant()))}");
        return null;
    }
}
