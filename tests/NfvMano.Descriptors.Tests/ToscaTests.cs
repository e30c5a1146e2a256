using System.Text;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Tosca;

namespace NfvMano.Descriptors.Tests;

public class ToscaTests
{
    private static string StorageYaml => File.ReadAllText(Path.Combine(SamplePackages.Folder("storage"), "storage.yaml"));

    private static PackageParseResult Yaml(string text, string name = "vnfd.yaml") => CsarReader.ReadYaml(new MemoryStream(Encoding.UTF8.GetBytes(text)), name);

    [Fact]
    public void ReadYaml_SingleVnfdFile_IsParsedWithoutAPackage()
    {
        var text = StorageYaml.Replace("          file: Files/images/vstorage-3.0.img\n", "          file: https://images.example.com/vstorage-3.0.img\n", StringComparison.Ordinal);

        var result = Yaml(text);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(CsarLayout.PlainYaml, result.Layout);
        Assert.Equal("vStorage", result.Vnfd!.ProductName);
    }

    [Fact]
    public void ReadAny_TellsZipFromYaml()
    {
        using var zip = SamplePackages.Zip("storage");
        Assert.Equal(CsarLayout.SingleRootYaml, CsarReader.ReadAny(zip).Layout);
        Assert.Equal(CsarLayout.PlainYaml, CsarReader.ReadAny(new MemoryStream(Encoding.UTF8.GetBytes(StorageYaml))).Layout);
    }

    [Fact]
    public void Read_PackageShippingItsOwnCopyOfTheSol001TypeFiles_IsAccepted()
    {
        var folder = SamplePackages.Folder("storage");
        var yaml = File.ReadAllText(Path.Combine(folder, "storage.yaml"))
            .Replace("https://forge.etsi.org/rep/nfv/SOL001/raw/v2.6.1/", "Definitions/", StringComparison.Ordinal);
        // A stand-in for ETSI's file: the standard types again (ours win) plus one type only the copy defines.
        var copy = BuiltInTypes.ReadResource("etsi_nfv_sol001_types.yaml") + """

            node_types:
              tosca.nodes.nfv.VipCp:
                derived_from: tosca.nodes.nfv.Cp
            """.Replace("\n", "\n", StringComparison.Ordinal);
        copy = copy.Replace("\nnode_types:\n", "\nnode_types:\n  tosca.nodes.nfv.VipCp:\n    derived_from: tosca.nodes.nfv.Cp\n", StringComparison.Ordinal);
        copy = copy[..copy.LastIndexOf("\nnode_types:", StringComparison.Ordinal)];
        yaml = yaml.Replace("    st_data:\n", "    st_vip:\n      type: tosca.nodes.nfv.VipCp\n      properties:\n        layer_protocols: [ ipv4 ]\n\n    st_data:\n", StringComparison.Ordinal);
        using var zip = SamplePackages.ZipFiles([
            ("storage.yaml", Encoding.UTF8.GetBytes(yaml)),
            ("Definitions/etsi_nfv_sol001_common_types.yaml", Encoding.UTF8.GetBytes(copy)),
            ("Definitions/etsi_nfv_sol001_vnfd_types.yaml", Encoding.UTF8.GetBytes("tosca_definitions_version: tosca_simple_yaml_1_2\nimports:\n  - etsi_nfv_sol001_common_types.yaml\n")),
            ("Files/images/vstorage-3.0.img", File.ReadAllBytes(Path.Combine(folder, "Files/images/vstorage-3.0.img"))),
            ("storage.mf", Encoding.UTF8.GetBytes("metadata:\nvnf_provider_id: Acme Networks\nvnf_product_name: vStorage\nvnf_release_date_time: 2026-01-20T08:00:00+00:00\nvnf_package_version: 3.0.0\n")),
        ]);

        var result = CsarReader.Read(zip);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Contains("Definitions/etsi_nfv_sol001_common_types.yaml", result.DefinitionFiles);
    }

    [Fact]
    public void ReadYaml_DerivedDataTypeAndDefaults_AreResolvedThroughTheHierarchy()
    {
        var text = StorageYaml.Replace("node_types:\n", """
            data_types:
              acme.datatypes.Profile:
                derived_from: tosca.datatypes.nfv.VduProfile
                properties:
                  max_number_of_instances:
                    type: integer
                    default: 4

            node_types:
              acme.nodes.StorageVdu:
                derived_from: tosca.nodes.nfv.Vdu.Compute
                properties:
                  vdu_profile:
                    type: acme.datatypes.Profile
                  description:
                    type: string
                    default: Storage node from the derived type

            """.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("      type: tosca.nodes.nfv.Vdu.Compute\n", "      type: acme.nodes.StorageVdu\n", StringComparison.Ordinal)
            .Replace("        description: Block storage target serving iSCSI\n", "", StringComparison.Ordinal)
            .Replace("          max_number_of_instances: 1\n        sw_image_data", "        sw_image_data", StringComparison.Ordinal)
            .Replace("file: Files/images/vstorage-3.0.img", "file: https://images.example.com/vstorage-3.0.img", StringComparison.Ordinal);

        var result = Yaml(text);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var vdu = Assert.Single(result.Vnfd!.Flavours[0].Vdus);
        Assert.Equal("Storage node from the derived type", vdu.Description);
        Assert.Equal(4, vdu.MaxInstances);
    }

    [Fact]
    public void ReadYaml_UnknownParentType_IsReportedAtDerivedFrom()
    {
        var text = StorageYaml.Replace("derived_from: tosca.nodes.nfv.VNF", "derived_from: tosca.nodes.nfv.VNFX", StringComparison.Ordinal);

        var result = Yaml(text);

        Assert.Contains(result.Problems, p => p.Code == "tosca.unknown-type" && p.Path == "node_types.acme.nodes.vStorage.derived_from");
    }

    [Fact]
    public void ReadYaml_NsdAsPlainYaml_IsParsed()
    {
        var folder = SamplePackages.Folder("nsd-service-chain");
        var types = File.ReadAllText(Path.Combine(folder, "Definitions/chain_vnf_types.yaml"));
        var nsd = File.ReadAllText(Path.Combine(folder, "Definitions/service_chain.nsd.yaml"))
            .Replace("  - chain_vnf_types.yaml\n", "", StringComparison.Ordinal)
            .Replace("topology_template:", types[types.IndexOf("node_types:", StringComparison.Ordinal)..] + "\ntopology_template:", StringComparison.Ordinal);

        var result = Yaml(nsd, "nsd.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(PackageKind.Ns, result.Kind);
        Assert.Equal(3, result.Nsd!.Flavours[0].VnfProfiles.Count);
    }

    [Fact]
    public void ReadYaml_NfpThroughSol001ForwardingNode_ResolvesToTheVnfCpAndItsLink()
    {
        var folder = SamplePackages.Folder("nsd-service-chain");
        var types = File.ReadAllText(Path.Combine(folder, "Definitions/chain_vnf_types.yaml"));
        var nsd = File.ReadAllText(Path.Combine(folder, "Definitions/service_chain.nsd.yaml"))
            .Replace("  - chain_vnf_types.yaml\n", "", StringComparison.Ordinal)
            .Replace("topology_template:", types[types.IndexOf("node_types:", StringComparison.Ordinal)..] + "\ntopology_template:", StringComparison.Ordinal)
            .Replace("        - virtual_link_data1: vl_access\n", "        - virtual_link_data1: fwd_router_in\n", StringComparison.Ordinal)
            .Replace("    nfp_web:\n", "    fwd_router_in:\n      type: tosca.nodes.nfv.Forwarding\n      requirements:\n        - virtual_link: vl_access\n\n    nfp_web:\n", StringComparison.Ordinal)
            .Replace("        - profile_element:\n            node: vRouter\n            capability: fwd_data1\n", "        - profile_element: fwd_router_in\n", StringComparison.Ordinal);

        var result = Yaml(nsd, "nsd.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var flavour = result.Nsd!.Flavours[0];
        Assert.Contains(new Nsd.VnfLinkConnection("virtual_link_data1", "vl_access"), flavour.VnfProfiles.Single(v => v.Id == "vRouter").VirtualLinks);
        var first = flavour.Vnffgs[0].Nfps[0].Positions[0].Elements[0].ConnectionPoints[0];
        Assert.Equal(new Nsd.CpReference("vRouter", "virtual_link_data1"), first);
    }

    [Fact]
    public void ReadYaml_MergeKeys_AreApplied()
    {
        var text = StorageYaml
            .Replace("    st_mgmt:\n      type: tosca.nodes.nfv.VduCp\n      properties:\n        layer_protocols: [ ipv4 ]\n",
                "    st_mgmt:\n      type: tosca.nodes.nfv.VduCp\n      properties: &ipv4_cp\n        layer_protocols: [ ipv4 ]\n", StringComparison.Ordinal)
            .Replace("    st_data:\n      type: tosca.nodes.nfv.VduCp\n      properties:\n        layer_protocols: [ ipv4 ]\n",
                "    st_data:\n      type: tosca.nodes.nfv.VduCp\n      properties:\n        <<: *ipv4_cp\n", StringComparison.Ordinal)
            .Replace("file: Files/images/vstorage-3.0.img", "file: https://images.example.com/vstorage-3.0.img", StringComparison.Ordinal);

        var result = Yaml(text);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var cp = result.Vnfd!.Flavours[0].ConnectionPoints.Single(c => c.Id == "st_data");
        Assert.Equal(["ipv4"], cp.LayerProtocols);
        Assert.Equal(1, cp.Order);
    }

    [Fact]
    public void ReadYaml_NeitherVnfNorNs_IsRejected()
    {
        var result = Yaml("tosca_definitions_version: tosca_simple_yaml_1_2\ntopology_template:\n  node_templates: {}\n");

        Assert.Equal("tosca.no-descriptor", Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData("4 GiB", 4L << 30)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("1 GB", 1_000_000_000L)]
    [InlineData("10 kB", 10_000L)]
    public void ScalarUnits_Size_NormalisesToBytes(string text, long bytes)
    {
        Assert.True(ScalarUnits.TryParseSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("a/../b.yaml", "b.yaml")]
    [InlineData("./Definitions//x.yaml", "Definitions/x.yaml")]
    [InlineData("../x.yaml", null)]
    [InlineData("/abs.yaml", null)]
    public void PackagePath_Normalize_KeepsPathsInsideThePackage(string path, string? expected) =>
        Assert.Equal(expected, PackagePath.Normalize(path));

    private static Dictionary<string, byte[]> SampleFiles(string sample)
    {
        var folder = SamplePackages.Folder(sample);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }

    [Fact]
    public void Read_TopLevelVnfWithoutSubstituteDirectiveAndRequirementsLeftToFlavours_IsAccepted()
    {
        // The layout of Tacker's samples: the top template's VNF node has no directive, and the VNF type lists
        // requirements without occurrences that only an NSD satisfies.
        var files = SampleFiles("vrouter");
        files.Remove("vrouter.mf");
        var top = Encoding.UTF8.GetString(files["Definitions/vrouter_top.vnfd.yaml"]).Replace("      directives:\n        - substitute\n", "", StringComparison.Ordinal);
        files["Definitions/vrouter_top.vnfd.yaml"] = Encoding.UTF8.GetBytes(top);
        var types = Encoding.UTF8.GetString(files["Definitions/vrouter_types.yaml"]).Replace("          occurrences: [ 0, 1 ]\n", "", StringComparison.Ordinal);
        files["Definitions/vrouter_types.yaml"] = Encoding.UTF8.GetBytes(types);
        files["TOSCA-Metadata/TOSCA.meta"] = Encoding.UTF8.GetBytes("TOSCA-Meta-File-Version: 1.0\nCreated-by: Acme\nCSAR-Version: 1.1\nEntry-Definitions: Definitions/vrouter_top.vnfd.yaml\n");
        using var zip = SamplePackages.ZipFiles(files.Select(f => (f.Key, f.Value)));

        var result = CsarReader.Read(zip);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("default", Assert.Single(result.Vnfd!.Flavours).FlavourId);
    }

    [Fact]
    public void Read_DigestsInToscaMetaBlocks_AreVerified()
    {
        var files = SampleFiles("vrouter");
        files.Remove("vrouter.mf");
        files["TOSCA-Metadata/TOSCA.meta"] = Encoding.UTF8.GetBytes(
            "TOSCA-Meta-File-Version: 1.0\nCSAR-Version: 1.1\nCreated-By: Acme\nEntry-Definitions: Definitions/vrouter_top.vnfd.yaml\n\n"
            + "Name: Files/images/vrouter-4.2.1.qcow2\nContent-Type: application/x-iso9066-image\nAlgorithm: SHA-256\nHash: 0000\n");
        using var zip = SamplePackages.ZipFiles(files.Select(f => (f.Key, f.Value)));

        var result = CsarReader.Read(zip);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("manifest.digest-mismatch", problem.Code);
        Assert.Equal("TOSCA-Metadata/TOSCA.meta", problem.File);
    }

    [Fact]
    public void Read_NoManifest_IsAcceptedByDefaultAndRejectedWhenRequired()
    {
        var files = SampleFiles("storage");
        files.Remove("storage.mf");

        using (var lenient = SamplePackages.ZipFiles(files.Select(f => (f.Key, f.Value))))
        {
            Assert.True(CsarReader.Read(lenient).IsValid);
        }

        using var strict = SamplePackages.ZipFiles(files.Select(f => (f.Key, f.Value)));
        Assert.Equal("csar.no-manifest", Assert.Single(CsarReader.Read(strict, CsarLimits.Default with { RequireManifest = true }).Problems).Code);
    }
}
