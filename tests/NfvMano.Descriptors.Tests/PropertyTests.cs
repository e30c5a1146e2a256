using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Epa;

namespace NfvMano.Descriptors.Tests;

/// <summary>Property tests where the input space is too large to enumerate.</summary>
public class PropertyTests
{
    private const string VnfdHead = """
        tosca_definitions_version: tosca_simple_yaml_1_2
        imports:
          - https://forge.etsi.org/rep/nfv/SOL001/raw/v4.4.1/etsi_nfv_sol001_vnfd_types.yaml
        topology_template:
          node_templates:
            VNF:
              type: tosca.nodes.nfv.VNF
              properties:
                descriptor_id: 11111111-2222-4333-8444-555555555555
                descriptor_version: '1.0'
                provider: Acme Networks
                product_name: Generated
                software_version: '1.0'
                vnfm_info: [ 'etsivnfm:v4.4.1' ]
                flavour_id: default
                flavour_description: generated
            VDU1:
              type: tosca.nodes.nfv.Vdu.Compute
              properties:
                name: vdu1
                description: generated
                vdu_profile: { min_number_of_instances: 1, max_number_of_instances: 1 }
              capabilities:
                virtual_compute:
                  properties:

        """;

    /// <summary>One EPA need, expressible in both notations.</summary>
    public sealed record EpaCase(bool Dedicated, ThreadPolicy Thread, int Vcpus, int MemoryGiB, int[] NumaCpuCounts, bool ExplicitSplit, long? PageBytes, PciNumaAffinity Pci, int[] Placement);

    private static readonly Gen<EpaCase> EpaCases =
        from dedicated in Gen.Bool
        from thread in dedicated ? Gen.OneOf(ThreadPolicy.Unspecified, ThreadPolicy.Prefer, ThreadPolicy.Isolate, ThreadPolicy.Require) : Gen.Const(ThreadPolicy.Unspecified)
        from vcpus in Gen.Int[1, 16]
        from memory in Gen.Int[1, 64]
        from numa in Gen.Int[0, Math.Min(4, vcpus)]
        from cuts in Gen.Int[1, vcpus].Array[numa]
        from explicitSplit in Gen.Bool
        from page in Gen.OneOf<long?>(null, 2L << 20, 1L << 30)
        from pci in Gen.OneOf(PciNumaAffinity.Unspecified, PciNumaAffinity.Required, PciNumaAffinity.Preferred, PciNumaAffinity.Legacy, PciNumaAffinity.Socket)
        from placement in Gen.Int[0, 2].Array[8]
        select new EpaCase(dedicated, thread, vcpus, memory, Split(vcpus, numa, cuts), explicitSplit, page, pci, placement);

    // Uneven but complete split of vcpus into numa non-empty parts.
    private static int[] Split(int vcpus, int numa, int[] cuts)
    {
        if (numa == 0)
        {
            return [];
        }

        var points = cuts.Select(c => c % vcpus).Distinct().Where(c => c > 0).Order().Take(numa - 1).ToList();
        while (points.Count < numa - 1)
        {
            points = [.. Enumerable.Range(1, vcpus - 1).Except(points).Take(numa - 1 - points.Count).Concat(points).Order()];
        }

        var bounds = points.Prepend(0).Append(vcpus).ToList();
        return [.. bounds.Zip(bounds.Skip(1), (a, b) => b - a)];
    }

    private static List<GuestNumaNode> ExpectedNodes(EpaCase c)
    {
        var memMiB = c.MemoryGiB * 1024L;
        var nodes = new List<GuestNumaNode>();
        var n = c.NumaCpuCounts.Length;
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            var count = c.ExplicitSplit ? c.NumaCpuCounts[i] : c.Vcpus / n + (i < c.Vcpus % n ? 1 : 0);
            var mem = c.ExplicitSplit ? (i == n - 1 ? memMiB - (memMiB / n * (n - 1)) : memMiB / n) : memMiB / n;
            nodes.Add(new GuestNumaNode(i, [.. Enumerable.Range(next, count)], mem));
            next += count;
        }

        return nodes;
    }

    private static string Sol001Notation(EpaCase c)
    {
        var y = new StringBuilder();
        y.Append(CultureInfo.InvariantCulture, $"              virtual_cpu:\n                num_virtual_cpu: {c.Vcpus}\n");
        if (c.Dedicated)
        {
            y.Append("                virtual_cpu_pinning:\n                  virtual_cpu_pinning_policy: static\n");
        }

        if (c.Thread != ThreadPolicy.Unspecified)
        {
            y.Append(CultureInfo.InvariantCulture, $"                vdu_cpu_requirements:\n                  hw:cpu_thread_policy: {c.Thread.ToString().ToLowerInvariant()}\n");
        }

        y.Append(CultureInfo.InvariantCulture, $"              virtual_memory:\n                virtual_mem_size: {c.MemoryGiB} GiB\n");
        if (c.NumaCpuCounts.Length > 0)
        {
            y.Append("                numa_enabled: true\n");
        }

        if (c.PageBytes is { } page)
        {
            y.Append(CultureInfo.InvariantCulture, $"                huge_pages_requirements:\n                  - hugepage_size: {page >> 20} MiB\n                    requested_hugepages: {c.MemoryGiB * 1024L * 1024 * 1024 / page}\n");
        }

        if (c.Pci != PciNumaAffinity.Unspecified)
        {
            y.Append(CultureInfo.InvariantCulture, $"                vdu_mem_requirements:\n                  hw:pci_numa_affinity_policy: {c.Pci.ToString().ToLowerInvariant()}\n");
        }

        if (c.NumaCpuCounts.Length > 0)
        {
            y.Append("              logical_node:\n");
            foreach (var node in ExpectedNodes(c))
            {
                y.Append(CultureInfo.InvariantCulture, $"                node{node.Id}:\n");
                if (c.ExplicitSplit)
                {
                    y.Append(CultureInfo.InvariantCulture, $"                  logical_node_requirements:\n                    vcpus: '{node.Vcpus[0]}-{node.Vcpus[^1]}'\n                    memory: {node.MemoryMiB} MiB\n");
                }
                else
                {
                    y.Append("                  logical_node_requirements: {}\n");
                }
            }
        }

        return y.ToString();
    }

    private static string HwNotation(EpaCase c)
    {
        var keys = new List<(string Key, string Value)>();
        if (c.Dedicated)
        {
            keys.Add(("hw:cpu_policy", "dedicated"));
        }

        if (c.Thread != ThreadPolicy.Unspecified)
        {
            keys.Add(("hw:cpu_thread_policy", c.Thread.ToString().ToLowerInvariant()));
        }

        if (c.NumaCpuCounts.Length > 0)
        {
            keys.Add(("hw:numa_nodes", c.NumaCpuCounts.Length.ToString(CultureInfo.InvariantCulture)));
            if (c.ExplicitSplit)
            {
                foreach (var node in ExpectedNodes(c))
                {
                    keys.Add(($"hw:numa_cpus.{node.Id}", string.Join(",", node.Vcpus)));
                    keys.Add(($"hw:numa_mem.{node.Id}", node.MemoryMiB.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        if (c.PageBytes is { } page)
        {
            keys.Add(("hw:mem_page_size", page == 1L << 30 ? "1GB" : "2048"));
        }

        if (c.Pci != PciNumaAffinity.Unspecified)
        {
            keys.Add(("hw:pci_numa_affinity_policy", c.Pci.ToString().ToLowerInvariant()));
        }

        // Each key goes to one of the three places packages in the wild use.
        var places = new List<(string Key, string Value)>[3];
        for (var i = 0; i < 3; i++)
        {
            places[i] = [];
        }

        for (var i = 0; i < keys.Count; i++)
        {
            places[c.Placement[i % c.Placement.Length]].Add(keys[i]);
        }

        static string Map(IEnumerable<(string Key, string Value)> entries, string indent) =>
            string.Concat(entries.Select(e => $"{indent}{e.Key}: '{e.Value}'\n"));

        var y = new StringBuilder();
        y.Append(CultureInfo.InvariantCulture, $"              virtual_cpu:\n                num_virtual_cpu: {c.Vcpus}\n");
        if (places[0].Count > 0)
        {
            y.Append("                vdu_cpu_requirements:\n").Append(Map(places[0], "                  "));
        }

        y.Append(CultureInfo.InvariantCulture, $"              virtual_memory:\n                virtual_mem_size: {c.MemoryGiB} GiB\n");
        if (places[1].Count > 0)
        {
            y.Append("                vdu_mem_requirements:\n").Append(Map(places[1], "                  "));
        }

        if (places[2].Count > 0)
        {
            y.Append("              requested_additional_capabilities:\n                numa_and_pages:\n")
                .Append("                  requested_additional_capability_name: nova-extra-specs\n                  support_mandatory: true\n")
                .Append("                  target_performance_parameters:\n").Append(Map(places[2], "                    "));
        }

        return y.ToString();
    }

    private static VduRequirements Parse(string computeProperties)
    {
        var result = CsarReader.ReadYaml(new MemoryStream(Encoding.UTF8.GetBytes(VnfdHead + computeProperties)), "vnfd.yaml");
        Assert.True(result.IsValid, string.Join("\n", result.Problems) + "\n" + computeProperties);
        return result.Vnfd!.Flavours[0].Vdus[0].Requirements;
    }

    [Fact]
    public void Epa_SameVduInSol001AndHwNotation_YieldsEqualRequirements()
    {
        EpaCases.Sample(c =>
        {
            var expected = new VduRequirements(
                c.Dedicated ? CpuPolicy.Dedicated : CpuPolicy.Shared,
                c.Thread,
                c.Vcpus,
                c.MemoryGiB * 1024L,
                ExpectedNodes(c),
                c.PageBytes is { } p ? new PageSize(PageSizeKind.Explicit, p) : null,
                c.Pci,
                []);

            Assert.Equal(expected, Parse(Sol001Notation(c)));
            Assert.Equal(expected, Parse(HwNotation(c)));
        }, iter: 300);
    }

    private static readonly string StorageVnfd = File.ReadAllText(Path.Combine(SamplePackages.Folder("storage"), "storage.yaml"))
        .Replace("file: Files/images/vstorage-3.0.img", "file: https://images.example.com/vstorage-3.0.img", StringComparison.Ordinal);

    private static readonly Gen<(byte[] Content, string Algorithm)[]> PackageFiles =
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.OneOf("SHA-256", "SHA-384", "SHA-512")).Array[1, 6];

    private static MemoryStream Package((byte[] Content, string Algorithm)[] files, int? corruptFile, int corruptAt)
    {
        var entries = new List<(string Path, byte[] Content, string Algorithm)> { ("storage.yaml", Encoding.UTF8.GetBytes(StorageVnfd), "SHA-256") };
        entries.AddRange(files.Select((f, i) => ($"Files/f{i}.bin", f.Content, f.Algorithm)));
        var manifest = new StringBuilder("metadata:\nvnf_provider_id: Acme Networks\nvnf_product_name: vStorage\nvnf_release_date_time: 2026-01-20T08:00:00+00:00\nvnf_package_version: 3.0.0\n\n");
        foreach (var (path, content, algorithm) in entries)
        {
            var digest = algorithm switch
            {
                "SHA-384" => SHA384.HashData(content),
                "SHA-512" => SHA512.HashData(content),
                _ => SHA256.HashData(content),
            };
            manifest.Append(CultureInfo.InvariantCulture, $"Source: {path}\nAlgorithm: {algorithm}\nHash: {Convert.ToHexString(digest)}\n\n");
        }

        var zipped = entries.Select((e, i) =>
        {
            var content = e.Content.ToArray();
            if (i - 1 == corruptFile)
            {
                content[corruptAt % content.Length] ^= 0x01;
            }

            return (e.Path, content);
        }).Append(("storage.mf", Encoding.UTF8.GetBytes(manifest.ToString())));
        return SamplePackages.ZipFiles(zipped);
    }

    [Fact]
    public void Manifest_EveryListedDigestIsVerified_AndOneFlippedBitIsCaughtForThatFileOnly()
    {
        Gen.Select(PackageFiles, Gen.Int[0, 5], Gen.Int[0, 100_000]).Sample((files, pick, at) =>
        {
            using (var intact = Package(files, null, 0))
            {
                var ok = CsarReader.Read(intact);
                Assert.True(ok.IsValid, string.Join("\n", ok.Problems));
                Assert.All(ok.Artifacts, a => Assert.True(a.ListedInManifest));
            }

            var victim = pick % files.Length;
            if (files[victim].Content.Length == 0)
            {
                return;
            }

            using var corrupt = Package(files, victim, at);
            var problem = Assert.Single(CsarReader.Read(corrupt).Problems);
            Assert.Equal("manifest.digest-mismatch", problem.Code);
            Assert.Contains($"'Files/f{victim}.bin'", problem.Message, StringComparison.Ordinal);
            Assert.Contains(files[victim].Algorithm, problem.Message, StringComparison.Ordinal);
        }, iter: 200);
    }
}
