using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace NfvMano.Descriptors.Bench;

/// <summary>A large synthetic VNF package: N VDUs with EPA, two CPs each, links, levels and scaling policies.</summary>
internal static class GeneratedPackage
{
    public static Dictionary<string, byte[]> Files(int vdus)
    {
        var image = Encoding.UTF8.GetBytes("generated placeholder image\n");
        var imageHash = Convert.ToHexStringLower(SHA256.HashData(image));
        var y = new StringBuilder();
        y.Append("""
            tosca_definitions_version: tosca_simple_yaml_1_2
            description: Generated VNF with many VDUs (benchmark)
            imports:
              - https://forge.etsi.org/rep/nfv/SOL001/raw/v2.6.1/etsi_nfv_sol001_common_types.yaml
              - https://forge.etsi.org/rep/nfv/SOL001/raw/v2.6.1/etsi_nfv_sol001_vnfd_types.yaml
            topology_template:
              node_templates:
                VNF:
                  type: tosca.nodes.nfv.VNF
                  properties:
                    descriptor_id: 7e57be4c-0000-4000-8000-000000000050
                    descriptor_version: '1.0.0'
                    provider: Acme Networks
                    product_name: Generated
                    software_version: '1.0'
                    vnfm_info: [ 'etsivnfm:v2.6.1' ]
                    flavour_id: default
                    flavour_description: Generated flavour

                mgmt_vl:
                  type: tosca.nodes.nfv.VnfVirtualLink
                  properties:
                    connectivity_type:
                      layer_protocols: [ ipv4 ]
                    vl_profile:
                      max_bitrate_requirements:
                        root: 1000000000
                      min_bitrate_requirements:
                        root: 100000000

            """).Append('\n');
        for (var i = 0; i < vdus; i++)
        {
            var dedicated = i % 2 == 0;
            y.Append(CultureInfo.InvariantCulture, $"""
                    vdu{i}:
                      type: tosca.nodes.nfv.Vdu.Compute
                      properties:
                        name: vdu{i}
                        description: Generated VDU {i}
                        vdu_profile:
                          min_number_of_instances: 1
                          max_number_of_instances: 3
                        sw_image_data:
                          name: generated
                          version: '1.0'
                          checksum:
                            algorithm: sha-256
                            hash: {imageHash}
                          container_format: bare
                          disk_format: qcow2
                          min_disk: 1 GiB
                          size: {image.Length} B
                      capabilities:
                        virtual_compute:
                          properties:
                            virtual_cpu:
                              num_virtual_cpu: 4

                """).Append('\n');
            y.Append(dedicated
                ? "              virtual_cpu_pinning:\n                virtual_cpu_pinning_policy: static\n            virtual_memory:\n              virtual_mem_size: 8 GiB\n              numa_enabled: true\n              vdu_mem_requirements:\n                hw:mem_page_size: 1GB\n"
                : "              vdu_cpu_requirements:\n                hw:cpu_policy: shared\n            virtual_memory:\n              virtual_mem_size: 4 GiB\n");
            y.Append(CultureInfo.InvariantCulture, $"""
                      artifacts:
                        sw_image:
                          type: tosca.artifacts.nfv.SwImage
                          file: Files/images/generated.qcow2

                    vdu{i}_mgmt:
                      type: tosca.nodes.nfv.VduCp
                      properties:
                        layer_protocols: [ ipv4 ]
                        order: 0
                      requirements:
                        - virtual_binding: vdu{i}
                        - virtual_link: mgmt_vl

                    vdu{i}_data:
                      type: tosca.nodes.nfv.VduCp
                      properties:
                        layer_protocols: [ ethernet ]
                        order: 1
                        vnic_type: direct
                        virtual_network_interface_requirements:
                          - name: data
                            support_mandatory: true
                            network_interface_requirements:
                              physical_network: physnet-data{i % 2 + 1}
                      requirements:
                        - virtual_binding: vdu{i}

                """).Append('\n');
        }

        var all = string.Join(", ", Enumerable.Range(0, vdus).Select(i => $"vdu{i}"));
        y.Append(CultureInfo.InvariantCulture, $"""
              policies:
                - scaling_aspects:
                    type: tosca.policies.nfv.ScalingAspects
                    properties:
                      aspects:
                        capacity:
                          name: capacity
                          description: One more of every VDU per step
                          max_scale_level: 2
                          step_deltas: [ delta_1 ]
                - deltas:
                    type: tosca.policies.nfv.VduScalingAspectDeltas
                    properties:
                      aspect: capacity
                      deltas:
                        delta_1:
                          number_of_instances: 1
                    targets: [ {all} ]
                - initial:
                    type: tosca.policies.nfv.VduInitialDelta
                    properties:
                      initial_delta:
                        number_of_instances: 1
                    targets: [ {all} ]
                - levels:
                    type: tosca.policies.nfv.InstantiationLevels
                    properties:
                      levels:
                        small:
                          description: One of each
                          scale_info:
                            capacity:
                              scale_level: 0
                        large:
                          description: Three of each
                          scale_info:
                            capacity:
                              scale_level: 2
                      default_level: small
                - vdu_levels:
                    type: tosca.policies.nfv.VduInstantiationLevels
                    properties:
                      levels:
                        small:
                          number_of_instances: 1
                        large:
                          number_of_instances: 3
                    targets: [ {all} ]
                - spread:
                    type: tosca.policies.nfv.AntiAffinityRule
                    properties:
                      scope: nfvi_node
                    targets: [ {all} ]

            """);

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["generated.yaml"] = Encoding.UTF8.GetBytes(y.ToString()),
            ["Files/images/generated.qcow2"] = image,
        };
        var manifest = new StringBuilder("metadata:\nvnf_provider_id: Acme Networks\nvnf_product_name: Generated\nvnf_release_date_time: 2026-01-01T00:00:00+00:00\nvnf_package_version: 1.0.0\n\n");
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            manifest.Append(CultureInfo.InvariantCulture, $"Source: {path}\nAlgorithm: SHA-256\nHash: {Convert.ToHexStringLower(SHA256.HashData(content))}\n\n");
        }

        files["generated.mf"] = Encoding.UTF8.GetBytes(manifest.ToString());
        return files;
    }

    public static byte[] Zip(IReadOnlyDictionary<string, byte[]> files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                using var s = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
                s.Write(content);
            }
        }

        return stream.ToArray();
    }
}
