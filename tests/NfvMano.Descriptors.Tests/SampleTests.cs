using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Epa;

namespace NfvMano.Descriptors.Tests;

public class SampleTests
{
    public static TheoryData<string> Samples => new() { "vrouter", "firewall", "storage", "gateway", "nsd-service-chain", "nsd-lab-chain" };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_Sample_IsValidAndMatchesGoldenModel(string sample)
    {
        using var zip = SamplePackages.Zip(sample);

        var result = CsarReader.Read(zip, CsarLimits.Default with { RequireManifest = true });

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        GoldenFiles.AssertMatches(sample, result);
    }

    [Fact]
    public void Read_VRouter_DataPlaneHasDedicatedPinnedCpusOnTwoNumaNodesWithOneGiBPagesAndSriov()
    {
        using var zip = SamplePackages.Zip("vrouter");

        var vnfd = CsarReader.Read(zip).Vnfd!;

        var flavour = Assert.Single(vnfd.Flavours);
        var dp = flavour.Vdus.Single(v => v.Id == "dataplane").Requirements;
        Assert.Equal(CpuPolicy.Dedicated, dp.CpuPolicy);
        Assert.Equal(ThreadPolicy.Isolate, dp.ThreadPolicy);
        Assert.Equal([new GuestNumaNode(0, [0, 1, 2, 3], 8192), new GuestNumaNode(1, [4, 5, 6, 7], 8192)], dp.NumaNodes);
        Assert.Equal(PageSize.OneGiB, dp.PageSize);
        Assert.Equal(PciNumaAffinity.Required, dp.PciNumaAffinity);
        Assert.Equal(["physnet-data1", "physnet-data2"], dp.SriovPorts.Select(p => p.PhysicalNetwork));
        var control = flavour.Vdus.Single(v => v.Id == "control").Requirements;
        Assert.Equal(CpuPolicy.Shared, control.CpuPolicy);
        Assert.Empty(control.SriovPorts);
        Assert.Equal("mgmt_vl", Assert.Single(flavour.ExtCps).InternalVirtualLink);
    }

    [Fact]
    public void Read_Firewall_HasTwoFlavoursScalingAspectThreeLevelsAndAntiAffinity()
    {
        using var zip = SamplePackages.Zip("firewall");

        var vnfd = CsarReader.Read(zip).Vnfd!;

        Assert.Equal(["standard", "lab"], vnfd.Flavours.Select(f => f.FlavourId));
        var standard = vnfd.Flavours[0];
        var aspect = Assert.Single(standard.ScalingAspects);
        Assert.Equal(new Vnfd.VduScalingDelta("fw", "delta_1", 1), Assert.Single(aspect.VduDeltas));
        Assert.Equal(["small", "medium", "large"], standard.InstantiationLevels.Select(l => l.Id));
        Assert.Equal([1, 2, 3], standard.InstantiationLevels.Select(l => l.VduInstances["fw"]));
        Assert.Equal(PageSize.TwoMiB, standard.Vdus[0].Requirements.PageSize);
        var rule = Assert.Single(standard.PlacementRules);
        Assert.False(rule.Affinity);
        Assert.Equal(["fw"], rule.Targets);
    }

    [Fact]
    public void Read_Storage_UsesSingleRootYamlLayoutWithTwoBlockVolumes()
    {
        using var zip = SamplePackages.Zip("storage");

        var result = CsarReader.Read(zip);

        Assert.Equal(CsarLayout.SingleRootYaml, result.Layout);
        Assert.Equal("storage.mf", result.Manifest!.File);
        var flavour = Assert.Single(result.Vnfd!.Flavours);
        Assert.Equal([500L << 30, 50L << 30], flavour.Storages.Select(s => s.SizeBytes!.Value));
        Assert.Equal(64 * 1024, flavour.Vdus[0].Requirements.MemoryMiB);
    }

    [Fact]
    public void Read_ServiceChainNsd_NfpSteersRouterThenFirewallWithTcpClassifier()
    {
        using var zip = SamplePackages.Zip("nsd-service-chain");

        var result = CsarReader.Read(zip);

        Assert.Equal(PackageKind.Ns, result.Kind);
        var vnffg = Assert.Single(Assert.Single(result.Nsd!.Flavours).Vnffgs);
        var nfp = Assert.Single(vnffg.Nfps);
        Assert.Equal(["vRouter", "vFirewall"], nfp.Positions.Select(p => p.Elements.Single().ConnectionPoints[0].Node));
        var rule = Assert.Single(nfp.Rules);
        Assert.Equal("tcp", rule.Protocol);
        Assert.Equal(new Nsd.PortRange(80, 443), rule.DestinationPortRange);
    }

    [Fact]
    public void Read_ManifestMetadata_IsExposed()
    {
        using var zip = SamplePackages.Zip("vrouter");

        var manifest = CsarReader.Read(zip).Manifest!;

        Assert.Equal("Acme Networks", manifest.VnfProviderId);
        Assert.Equal("vRouter", manifest.VnfProductName);
        Assert.Equal("1.2.0", manifest.VnfPackageVersion);
        Assert.Equal("6f1a0c3e-2b4d-4f7a-9c1e-0a1b2c3d4e01", manifest.VnfdId);
    }

    [Fact]
    public void Read_Artifacts_AreIndexedWithSizeAndManifestAlgorithm()
    {
        using var zip = SamplePackages.Zip("vrouter");

        var artifacts = CsarReader.Read(zip).Artifacts;

        var image = artifacts.Single(a => a.Path == "Files/images/vrouter-4.2.1.qcow2");
        Assert.Equal(82, image.Size);
        Assert.Equal("SHA-512", image.Algorithm);
        Assert.Equal(128, image.Hash.Length);
        Assert.True(image.ListedInManifest);
        Assert.DoesNotContain(artifacts, a => a.Path.EndsWith(".yaml", StringComparison.Ordinal) || a.Path == "TOSCA-Metadata/TOSCA.meta");
    }

    [Fact]
    public void Read_ConcurrentReadsOfAllSamples_GiveTheSameModels()
    {
        var samples = new[] { "vrouter", "firewall", "storage", "gateway", "nsd-service-chain", "nsd-lab-chain" };
        var zips = samples.ToDictionary(s => s, s => SamplePackages.Zip(s).ToArray());
        var expected = samples.ToDictionary(s => s, s => GoldenFiles.Render(CsarReader.Read(new MemoryStream(zips[s]))));

        var results = new System.Collections.Concurrent.ConcurrentBag<(string Sample, string Model)>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var sample = samples[i % samples.Length];
            results.Add((sample, GoldenFiles.Render(CsarReader.Read(new MemoryStream(zips[sample])))));
        });

        Assert.Equal(64, results.Count);
        Assert.All(results, r => Assert.Equal(expected[r.Sample], r.Model));
    }
}
