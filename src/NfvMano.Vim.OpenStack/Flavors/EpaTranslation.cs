using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NfvMano.Descriptors.Epa;
using NfvMano.Vim.Inventory;

namespace NfvMano.Vim.OpenStack.Flavors;

/// <summary>
/// Translates normalised EPA requirements into a Nova flavor (vCPUs, RAM, disk and <c>hw:*</c> extra specs).
/// Pure: the same request always gives the same flavor, name included, so flavors are found again and reused.
/// </summary>
/// <remarks>
/// Every guest NUMA node is written out (<c>hw:numa_cpus.N</c>, <c>hw:numa_mem.N</c>), node 0 included, with
/// memory in MiB as it is: translators that test a node id for truthiness lose node 0, and those that write
/// memory in whole GiB lose 512 MiB of a 1.5 GiB node. Anything Nova would reject or silently ignore is
/// refused here with the reason instead.
/// </remarks>
public static class EpaTranslation
{
    /// <summary>Prefix of the names of flavors NfvMano creates.</summary>
    public const string NamePrefix = "nfv-";

    private const long KiB = 1024;

    /// <summary>Translates a request into the flavor it needs.</summary>
    /// <exception cref="EpaTranslationException">The requirements cannot be expressed (every reason listed).</exception>
    public static FlavorDefinition Translate(FlavorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = request.Requirements;
        var problems = new List<string>();
        var specs = new SortedDictionary<string, string>(StringComparer.Ordinal);

        if (r.Vcpus < 1)
        {
            problems.Add($"vCPUs must be at least 1 (got {r.Vcpus}).");
        }

        if (r.MemoryMiB < 1)
        {
            problems.Add($"memory must be at least 1 MiB (got {r.MemoryMiB}).");
        }

        if (request.RootDiskGiB < 0)
        {
            problems.Add($"root disk must not be negative (got {request.RootDiskGiB} GiB).");
        }

        var dedicated = r.CpuPolicy == CpuPolicy.Dedicated;
        switch (r.CpuPolicy)
        {
            case CpuPolicy.Dedicated:
                specs["hw:cpu_policy"] = "dedicated";
                break;
            case CpuPolicy.Mixed:
                // Nova's mixed policy needs hw:cpu_dedicated_mask, which the normalised model does not carry.
                problems.Add("cpu policy 'mixed' needs the set of dedicated vCPUs (hw:cpu_dedicated_mask), which the requirements do not state.");
                break;
            case CpuPolicy.Shared:
            default:
                break;
        }

        if (r.ThreadPolicy != ThreadPolicy.Unspecified)
        {
            if (!dedicated)
            {
                problems.Add($"thread policy '{Lower(r.ThreadPolicy)}' needs dedicated CPUs; Nova rejects hw:cpu_thread_policy with cpu policy '{Lower(r.CpuPolicy)}'.");
            }
            else
            {
                specs["hw:cpu_thread_policy"] = Lower(r.ThreadPolicy);
            }
        }

        if (request.EmulatorThreads != EmulatorThreadsPolicy.Unspecified)
        {
            if (!dedicated)
            {
                problems.Add($"emulator threads policy '{Lower(request.EmulatorThreads)}' needs dedicated CPUs.");
            }
            else
            {
                specs["hw:emulator_threads_policy"] = Lower(request.EmulatorThreads);
            }
        }

        var pageKiB = TranslatePageSize(r.PageSize, specs, problems);
        TranslateNumaNodes(r, pageKiB, specs, problems);
        TranslateCpuTopology(request.CpuTopology, r.Vcpus, specs, problems);

        if (r.PciNumaAffinity != PciNumaAffinity.Unspecified)
        {
            specs["hw:pci_numa_affinity_policy"] = Lower(r.PciNumaAffinity);
        }

        if (problems.Count > 0)
        {
            throw new EpaTranslationException(problems);
        }

        var name = NameOf(r.Vcpus, r.MemoryMiB, request.RootDiskGiB, specs);
        return new FlavorDefinition(name, r.Vcpus, r.MemoryMiB, request.RootDiskGiB, specs);
    }

    /// <summary>
    /// Whether an existing flavor's extra specs say exactly what <paramref name="wanted"/> says: the same keys
    /// (only <c>hw:*</c> keys are compared) with equal values, page sizes compared in KiB (<c>1GB</c> = <c>1048576</c>).
    /// </summary>
    public static bool ExtraSpecsMatch(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string> existing)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(existing);
        var theirs = existing.Where(kv => kv.Key.StartsWith("hw:", StringComparison.Ordinal)).ToList();
        var ours = wanted.Where(kv => kv.Key.StartsWith("hw:", StringComparison.Ordinal)).ToList();
        if (theirs.Count != ours.Count)
        {
            return false;
        }

        foreach (var (key, value) in ours)
        {
            if (!existing.TryGetValue(key, out var other))
            {
                return false;
            }

            var same = key == "hw:mem_page_size"
                ? string.Equals(NormalisePageSize(value), NormalisePageSize(other), StringComparison.Ordinal)
                : string.Equals(value.Trim(), other.Trim(), StringComparison.OrdinalIgnoreCase);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes a page size as Nova reads it: <c>small</c>/<c>large</c>/<c>any</c> or the size in KiB.</summary>
    internal static string NormalisePageSize(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (v is "small" or "large" or "any")
        {
            return v;
        }

        var digits = new string(v.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return v;
        }

        var unit = v[digits.Length..].Replace("i", "", StringComparison.Ordinal).TrimEnd('b');
        var kib = unit switch
        {
            "" or "k" => n,
            "m" => n * KiB,
            "g" => n * KiB * KiB,
            "t" => n * KiB * KiB * KiB,
            _ => -1,
        };
        return kib < 0 ? v : kib.ToString(CultureInfo.InvariantCulture);
    }

    private static long? TranslatePageSize(PageSize? pageSize, SortedDictionary<string, string> specs, List<string> problems)
    {
        if (pageSize is null)
        {
            return null;
        }

        switch (pageSize.Kind)
        {
            case PageSizeKind.Small:
                specs["hw:mem_page_size"] = "small";
                return null;
            case PageSizeKind.Large:
                specs["hw:mem_page_size"] = "large";
                return null;
            case PageSizeKind.Any:
                specs["hw:mem_page_size"] = "any";
                return null;
            case PageSizeKind.Explicit when pageSize.Bytes is { } bytes && bytes >= 4 * KiB && bytes % KiB == 0:
                var kib = bytes / KiB;
                specs["hw:mem_page_size"] = PageSizeText(kib);
                return kib;
            default:
                problems.Add($"page size {pageSize.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} bytes is not a whole number of KiB of at least 4 KiB.");
                return null;
        }
    }

    private static string PageSizeText(long kib) => kib switch
    {
        _ when kib % (KiB * KiB) == 0 => string.Create(CultureInfo.InvariantCulture, $"{kib / (KiB * KiB)}GB"),
        _ when kib % KiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{kib / KiB}MB"),
        _ => kib.ToString(CultureInfo.InvariantCulture),
    };

    private static void TranslateNumaNodes(VduRequirements r, long? pageKiB, SortedDictionary<string, string> specs, List<string> problems)
    {
        var nodes = r.NumaNodes.OrderBy(n => n.Id).ToList();
        if (nodes.Count == 0)
        {
            if (pageKiB is { } page && r.MemoryMiB * KiB % page != 0)
            {
                problems.Add($"memory {r.MemoryMiB} MiB is not a whole number of {PageSizeText(page)} pages.");
            }

            return;
        }

        specs["hw:numa_nodes"] = nodes.Count.ToString(CultureInfo.InvariantCulture);
        var seen = new HashSet<int>();
        for (var index = 0; index < nodes.Count; index++)
        {
            var node = nodes[index];
            if (node.Id != index)
            {
                problems.Add($"guest NUMA node ids must be 0..{nodes.Count - 1} without gaps (found {string.Join(", ", nodes.Select(n => n.Id))}).");
                return;
            }

            if (node.Vcpus.Count == 0)
            {
                problems.Add($"guest NUMA node {node.Id} has no vCPUs.");
            }

            foreach (var vcpu in node.Vcpus)
            {
                if (vcpu < 0 || vcpu >= r.Vcpus)
                {
                    problems.Add($"guest NUMA node {node.Id} names vCPU {vcpu}, outside 0..{r.Vcpus - 1}.");
                }
                else if (!seen.Add(vcpu))
                {
                    problems.Add($"vCPU {vcpu} is in more than one guest NUMA node.");
                }
            }

            if (node.MemoryMiB < 1)
            {
                problems.Add($"guest NUMA node {node.Id} has no memory.");
            }
            else if (pageKiB is { } page && node.MemoryMiB * KiB % page != 0)
            {
                problems.Add($"guest NUMA node {node.Id} has {node.MemoryMiB} MiB, not a whole number of {PageSizeText(page)} pages.");
            }

            specs[$"hw:numa_cpus.{node.Id}"] = CpuList.Format(node.Vcpus);
            specs[$"hw:numa_mem.{node.Id}"] = node.MemoryMiB.ToString(CultureInfo.InvariantCulture);
        }

        if (seen.Count != r.Vcpus && r.Vcpus > 0)
        {
            var missing = Enumerable.Range(0, r.Vcpus).Where(v => !seen.Contains(v));
            problems.Add($"vCPUs {CpuList.Format(missing.ToList())} are in no guest NUMA node; Nova needs every vCPU placed when hw:numa_cpus is given.");
        }

        var total = nodes.Sum(n => n.MemoryMiB);
        if (total != r.MemoryMiB)
        {
            problems.Add($"the guest NUMA nodes hold {total} MiB but the VDU has {r.MemoryMiB} MiB.");
        }

        if (nodes.Count > r.Vcpus && r.Vcpus > 0)
        {
            problems.Add($"{nodes.Count} guest NUMA nodes cannot share {r.Vcpus} vCPUs.");
        }
    }

    private static void TranslateCpuTopology(GuestCpuTopology? topology, int vcpus, SortedDictionary<string, string> specs, List<string> problems)
    {
        if (topology is null)
        {
            return;
        }

        void Put(string key, int? value)
        {
            if (value is not { } v)
            {
                return;
            }

            if (v < 1)
            {
                problems.Add($"{key} must be at least 1 (got {v}).");
                return;
            }

            if (vcpus > 0 && vcpus % v != 0)
            {
                problems.Add($"{key}={v} does not divide {vcpus} vCPUs.");
            }

            specs[key] = v.ToString(CultureInfo.InvariantCulture);
        }

        Put("hw:cpu_sockets", topology.Sockets);
        Put("hw:cpu_cores", topology.Cores);
        Put("hw:cpu_threads", topology.Threads);
        if (topology is { Sockets: { } s, Cores: { } c, Threads: { } t } && s * c * t != vcpus)
        {
            problems.Add($"{s} sockets x {c} cores x {t} threads is {s * c * t}, not the {vcpus} vCPUs.");
        }
    }

    private static string NameOf(int vcpus, long ramMiB, int diskGiB, SortedDictionary<string, string> specs)
    {
        var canonical = string.Join('\n', specs.Select(kv => kv.Key + "=" + kv.Value));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..10];
        return string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}{vcpus}c-{ramMiB}m-{diskGiB}g-{hash}");
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
