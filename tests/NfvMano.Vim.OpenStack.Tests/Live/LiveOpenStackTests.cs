using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Epa;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.OpenStack.Networking;

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>
/// Against the real Keystone, Nova (with NUMATopologyFilter and PciPassthroughFilter), Placement, Neutron and
/// Glance of tests/support/openstack/up.sh. Host nfv-compute-1 has SMT siblings, nfv-compute-2 has none; both
/// have 2 NUMA cells with CPUs 0-1 and 16-17 shared, 1 GiB and 2 MiB pages, VFs of physnet-data1 and
/// physnet-data2 on bus 0x81 (cell 0) and 0xc1 (cell 1).
/// </summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class LiveOpenStackTests
{
    private static readonly int[] SharedHostCpus = [0, 1, 16, 17];

    [OpenStackFact]
    public async Task Authenticate_WithPassword_ScopesToTheProjectAndFindsEveryService()
    {
        var cloud = LiveCloud.Connect();
        var token = await cloud.Auth.GetTokenAsync(CancellationToken.None);
        Assert.NotNull(token.ProjectId);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(10));
        foreach (var service in new[] { "compute", "network", "image", "placement", "identity" })
        {
            Assert.StartsWith("http://127.0.0.1:", token.Catalog.Resolve(service, "RegionOne", "public"), StringComparison.Ordinal);
        }

        var version = await cloud.Nova.NegotiateAsync(CancellationToken.None);
        Assert.True(NovaClient.Compare(version, "2.78") >= 0, $"negotiated {version}");
        Assert.Equal(cloud.Nova.CloudMaxMicroversion, version);
    }

    [OpenStackFact]
    public async Task Authenticate_WithApplicationCredential_ReachesNova()
    {
        var cloud = LiveCloud.Connect();
        var token = await cloud.Auth.GetTokenAsync(CancellationToken.None);
        var identity = token.Catalog.Resolve("identity", "RegionOne", "public");
        using var http = new HttpClient();
        using var create = new HttpRequestMessage(HttpMethod.Post, $"{identity}/users/{token.UserId}/application_credentials")
        {
            Content = new StringContent(new JsonObject { ["application_credential"] = new JsonObject { ["name"] = LiveCloud.Unique("ac") } }.ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("X-Auth-Token", token.Value);
        using var created = await http.SendAsync(create);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["application_credential"]!;
        var id = (string)body["id"]!;
        try
        {
            var options = LiveCloud.Options();
            options.Username = null;
            options.Password = null;
            options.ProjectName = null;
            options.ApplicationCredentialId = id;
            options.ApplicationCredentialSecret = (string)body["secret"]!;
            var appCloud = LiveCloud.Connect(options);
            var appToken = await appCloud.Auth.GetTokenAsync(CancellationToken.None);
            Assert.Equal(token.ProjectId, appToken.ProjectId);
            Assert.NotNull(await appCloud.Nova.NegotiateAsync(CancellationToken.None));
        }
        finally
        {
            using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{identity}/users/{token.UserId}/application_credentials/{id}");
            delete.Headers.Add("X-Auth-Token", token.Value);
            using var _ = await http.SendAsync(delete);
        }
    }

    [OpenStackFact]
    public async Task VRouterDataPlane_LandsPinnedOnTwoNodesWithGiBPagesAndVfs_AndDeleteLeavesNothing()
    {
        var ct = CancellationToken.None;
        var cloud = LiveCloud.Connect();
        var flavor = EpaTranslation.Translate(LiveCloud.VRouterDataPlane());
        var name = LiveCloud.Unique("vr");

        var imageFile = Path.Combine(Path.GetTempPath(), name + ".raw");
        await File.WriteAllBytesAsync(imageFile, RandomNumberGenerator.GetBytes(64 * 1024), ct);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(imageFile, ct)));
        var image = await cloud.Glance.EnsureImageAsync(name, imageFile, "raw", sha256, ct);
        File.Delete(imageFile);
        Assert.Equal("active", image.Status);

        var mgmt = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(name + "-mgmt", "vxlan", null, null, "10.20.0.0/24"), ct);
        var data1 = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(name + "-data1", "vlan", "physnet-data1", null, "10.21.0.0/24"), ct);
        var data2 = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(name + "-data2", "vlan", "physnet-data2", null, "10.22.0.0/24"), ct);
        Assert.Equal("physnet-data1", data1.PhysicalNetwork);
        Assert.InRange(data1.SegmentationId ?? 0, 100, 199);
        var ssh = await cloud.Neutron.EnsureSecurityGroupAsync(name, [new SecurityGroupRule("ingress", "tcp", 22, 22)], ct);
        var mgmtPort = await cloud.Neutron.EnsurePortAsync(new NeutronPortRequest(name + "-mgmt", mgmt.Id, "normal", [ssh]), ct);
        var data1Port = await cloud.Neutron.EnsurePortAsync(new NeutronPortRequest(name + "-d1", data1.Id, "direct"), ct);
        var data2Port = await cloud.Neutron.EnsurePortAsync(new NeutronPortRequest(name + "-d2", data2.Id, "direct"), ct);

        var flavorId = await cloud.Nova.EnsureFlavorAsync(flavor, ct);
        Assert.Equal(flavorId, await cloud.Nova.EnsureFlavorAsync(flavor, ct));

        var server = await cloud.Nova.CreateServerAsync(new NovaServerRequest(name, flavorId, image.Id, [mgmtPort, data1Port, data2Port],
            new Dictionary<string, string> { ["nfvmano-vnfc"] = name }), flavor, ct);
        Assert.Equal("ACTIVE", server.Status);

        var placed = await cloud.GetPlacementAsync(server.Id, ct);
        // isolate keeps the guest off SMT hosts: Nova placed it on the host without siblings.
        Assert.Equal("nfv-compute-2", placed.Host);
        Assert.Equal(1048576, placed.PageSizeKiB);
        Assert.Equal([0, 1], placed.Nodes.Select(n => n.HostNode).Order());
        Assert.All(placed.Nodes, n => Assert.Equal(8192, n.MemoryMiB));
        var node0 = placed.Nodes.Single(n => n.VcpuToHostCpu.ContainsKey(0));
        var node1 = placed.Nodes.Single(n => n.VcpuToHostCpu.ContainsKey(4));
        Assert.Equal([0, 1, 2, 3], node0.VcpuToHostCpu.Keys.Order());
        Assert.Equal([4, 5, 6, 7], node1.VcpuToHostCpu.Keys.Order());
        var pinned = placed.Nodes.SelectMany(n => n.VcpuToHostCpu.Values).ToList();
        Assert.Equal(8, pinned.Distinct().Count());
        Assert.DoesNotContain(pinned, SharedHostCpus.Contains);
        Assert.All(node0.VcpuToHostCpu.Values, cpu => Assert.Equal(node0.HostNode, cpu / 16));
        Assert.All(node1.VcpuToHostCpu.Values, cpu => Assert.Equal(node1.HostNode, cpu / 16));
        Assert.Equal(8, placed.Allocations["PCPU"]);
        Assert.False(placed.Allocations.ContainsKey("VCPU"));
        Assert.Equal(16384, placed.Allocations["MEMORY_MB"]);

        var bindings = placed.Ports.ToDictionary(p => p.PortId);
        Assert.Equal("ovs", bindings[mgmtPort].VifType);
        foreach (var (port, physnet) in new[] { (data1Port, "physnet-data1"), (data2Port, "physnet-data2") })
        {
            var b = bindings[port];
            Assert.Equal("direct", b.VnicType);
            Assert.Equal("hw_veb", b.VifType);
            Assert.Equal("nfv-compute-2", b.Host);
            Assert.Equal(physnet, b.PhysicalNetwork);
            Assert.NotNull(b.PciSlot);
            // hw:pci_numa_affinity_policy=required: the VF sits on a NUMA node the guest uses (bus 0x81 = 0, 0xc1 = 1).
            var vfNode = b.PciSlot!.StartsWith("0000:81:", StringComparison.Ordinal) ? 0 : 1;
            Assert.Contains(vfNode, placed.Nodes.Select(n => n.HostNode));
        }

        Assert.NotEqual(bindings[data1Port].PciSlot, bindings[data2Port].PciSlot);

        await cloud.Nova.DeleteServerAsync(server.Id, ct);
        foreach (var port in new[] { mgmtPort, data1Port, data2Port })
        {
            await cloud.Neutron.DeletePortAsync(port, ct);
        }

        foreach (var network in new[] { mgmt, data1, data2 })
        {
            await cloud.Neutron.DeleteNetworkAsync(network.Id, ct);
        }

        await cloud.Neutron.DeleteSecurityGroupAsync(ssh, ct);
        await cloud.Glance.DeleteImageAsync(image.Id, ct);
        await cloud.Nova.DeleteFlavorAsync(flavorId, ct);

        Assert.Null(await cloud.Nova.GetServerAsync(server.Id, ct));
        Assert.Null(await cloud.Nova.FindServerAsync(name, ct));
        foreach (var port in new[] { mgmtPort, data1Port, data2Port })
        {
            Assert.Null(await cloud.Neutron.GetPortBindingAsync(port, ct));
        }

        Assert.Empty(await cloud.Neutron.ListNetworksAsync(name, ct));
        Assert.Null(await cloud.Glance.GetImageAsync(image.Id, ct));
        Assert.Empty(await cloud.GetAllocationsAsync(server.Id, ct));
        Assert.Null(await cloud.Nova.FindFlavorAsync(flavor, ct));
    }

    [OpenStackFact]
    public async Task Request_NovaCannotPlace_FailsWithNoValidHostNamingTheExtraSpecs()
    {
        var ct = CancellationToken.None;
        var cloud = LiveCloud.Connect();
        // 20 GiB of 1 GiB pages per node: each host cell has 16.
        var flavor = EpaTranslation.Translate(new FlavorRequest(new VduRequirements(
            CpuPolicy.Dedicated, ThreadPolicy.Unspecified, 4, 40960,
            [new GuestNumaNode(0, [0, 1], 20480), new GuestNumaNode(1, [2, 3], 20480)],
            PageSize.OneGiB, PciNumaAffinity.Unspecified, [])));
        var name = LiveCloud.Unique("novalid");
        string? imageId = null;
        string? flavorId = null;
        try
        {
            imageId = await UploadTinyImageAsync(cloud, name, ct);
            flavorId = await cloud.Nova.EnsureFlavorAsync(flavor, ct);
            var e = await Assert.ThrowsAsync<NoValidHostException>(() =>
                cloud.Nova.CreateServerAsync(new NovaServerRequest(name, flavorId, imageId, [], new Dictionary<string, string>()), flavor, ct));
            Assert.Equal("compute", e.Service);
            Assert.Contains("No valid host was found", e.Fault, StringComparison.Ordinal);
            Assert.Contains(flavor.Name, e.Message, StringComparison.Ordinal);
            Assert.Contains("hw:mem_page_size=1GB", e.Message, StringComparison.Ordinal);
            Assert.Contains("hw:numa_mem.0=20480", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (await cloud.Nova.FindServerAsync(name, ct) is { } failed)
            {
                await cloud.Nova.DeleteServerAsync(failed.Id, ct);
            }

            await CleanUpAsync(cloud, flavorId, imageId, ct);
        }

        Assert.Null(await cloud.Nova.FindServerAsync(name, ct));
    }

    [OpenStackFact]
    public async Task PairedThreads_Require_LandsOnSmtSiblingsOfOneCore()
    {
        var ct = CancellationToken.None;
        var cloud = LiveCloud.Connect();
        var flavor = EpaTranslation.Translate(new FlavorRequest(new VduRequirements(
            CpuPolicy.Dedicated, ThreadPolicy.Require, 4, 2048, [new GuestNumaNode(0, [0, 1, 2, 3], 2048)],
            PageSize.TwoMiB, PciNumaAffinity.Unspecified, [])));
        var name = LiveCloud.Unique("smt");
        string? imageId = null;
        string? flavorId = null;
        NovaServer? server = null;
        try
        {
            imageId = await UploadTinyImageAsync(cloud, name, ct);
            flavorId = await cloud.Nova.EnsureFlavorAsync(flavor, ct);
            server = await cloud.Nova.CreateServerAsync(new NovaServerRequest(name, flavorId, imageId, [], new Dictionary<string, string>()), flavor, ct);
            var placed = await cloud.GetPlacementAsync(server.Id, ct);
            Assert.Equal("nfv-compute-1", placed.Host);
            Assert.Equal(2048, placed.PageSizeKiB);
            var node = Assert.Single(placed.Nodes);
            var cpus = node.VcpuToHostCpu.Values.Order().ToList();
            Assert.Equal(4, cpus.Count);
            // On the SMT host CPU 2k and 2k+1 are the two threads of one core: the guest got whole cores.
            Assert.All(cpus.Chunk(2), pair => Assert.True(pair[0] % 2 == 0 && pair[1] == pair[0] + 1, $"{pair[0]},{pair[1]} are not siblings"));

            await cloud.Nova.StopServerAsync(server.Id, ct);
            Assert.Equal("SHUTOFF", (await cloud.Nova.GetServerAsync(server.Id, ct))!.Status);
            await cloud.Nova.StartServerAsync(server.Id, ct);
            await cloud.Nova.RebootServerAsync(server.Id, hard: false, ct);
            Assert.Equal("ACTIVE", (await cloud.Nova.GetServerAsync(server.Id, ct))!.Status);
        }
        finally
        {
            if (server is not null)
            {
                await cloud.Nova.DeleteServerAsync(server.Id, ct);
            }

            await CleanUpAsync(cloud, flavorId, imageId, ct);
        }
    }

    private static async Task<string> UploadTinyImageAsync(OpenStackCloud cloud, string name, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), name + ".raw");
        await File.WriteAllBytesAsync(file, new byte[4096], ct);
        try
        {
            return (await cloud.Glance.EnsureImageAsync(name, file, "raw", null, ct)).Id;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task CleanUpAsync(OpenStackCloud cloud, string? flavorId, string? imageId, CancellationToken ct)
    {
        if (flavorId is not null)
        {
            await cloud.Nova.DeleteFlavorAsync(flavorId, ct);
        }

        if (imageId is not null)
        {
            await cloud.Glance.DeleteImageAsync(imageId, ct);
        }
    }
}
