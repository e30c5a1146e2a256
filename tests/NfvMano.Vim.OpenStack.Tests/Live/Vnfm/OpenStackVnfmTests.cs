using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Server.Tests;
using NfvMano.Testing;
using NfvMano.Vim.OpenStack.Networking;
using static NfvMano.Testing.LcmOperations;

namespace NfvMano.Vim.OpenStack.Tests.Live.Vnfm;

/// <summary>
/// The real server in-process with <c>NfvMano:Vim:Kind=OpenStack</c>, driving the real OpenStack of
/// tests/support/openstack/up.sh through the SOL003 API: what the VNFM records in <c>instantiatedVnfInfo</c> is checked
/// against what Nova's topology API and Neutron's port bindings say, and every operation's leftovers against Nova,
/// Neutron and Glance themselves.
/// </summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class OpenStackVnfmTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [OpenStackFact]
    public async Task VRouter_OverHttp_LandsWhereNovaSaysThenHealsFailsNoValidHostAndTerminatesLeavingNothing()
    {
        var cloud = LiveCloud.Connect();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Settings());
        using var client = server.CreateClient();
        var instances = new List<Guid>();
        try
        {
            await LifecycleAsync(cloud, server, client, instances);
        }
        finally
        {
            await RemoveLeftoversAsync(cloud, instances);
        }
    }

    private static async Task LifecycleAsync(OpenStackCloud cloud, NfvManoServerFactory server, HttpClient client, List<Guid> instances)
    {
        var vnfdId = await OnboardAsync(client, "vrouter");
        var packageId = await PackageIdAsync(client, vnfdId);
        var imageName = $"nfv-pkg-{Guid.Parse(packageId).ToString("N")[..12]}-vrouter-4-2-1";

        // Two vRouters fit (their data planes take 8 of the 16 one-GiB pages of each cell of nfv-compute-2, the only
        // host without SMT where 'isolate' may go); a third cannot be placed anywhere.
        var first = await InstantiateAsync(client, vnfdId, "vr-1", instances);
        var firstInfo = await InstanceAsync(client, first);
        await AssertRecordedPlacementIsNovasAsync(cloud, firstInfo);
        await AssertClaimsFollowNovaAsync(server, first, firstInfo);
        await AssertInternalLinkIsNeutronsAsync(cloud, firstInfo);
        var image = await cloud.Glance.FindImageAsync(imageName, None);
        Assert.NotNull(image);
        Assert.Equal("active", image.Status);

        var second = await InstantiateAsync(client, vnfdId, "vr-2", instances);
        await AssertRecordedPlacementIsNovasAsync(cloud, await InstanceAsync(client, second));
        Assert.Single(await cloud.Glance.ListOwnedAsync(None), i => i.Name == imageName);

        var third = await CreateAsync(client, vnfdId, "vr-3");
        instances.Add(third);
        var op = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{third}/instantiate", new { flavourId = "default" });
        var failed = await WaitAsync(client, op, "COMPLETED", "FAILED_TEMP");
        Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
        var detail = (string)failed["error"]!["detail"]!;
        Assert.Contains("No valid host", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hw:cpu_thread_policy=isolate", detail, StringComparison.Ordinal);
        Assert.Contains("hw:mem_page_size=1GB", detail, StringComparison.Ordinal);
        Assert.Contains("hw:numa_nodes=2", detail, StringComparison.Ordinal);
        // The server Nova could not place is gone already; rolling back removes the rest of the attempt.
        var thirdPrefix = third.ToString("N")[..8];
        Assert.DoesNotContain(await OwnedServerNamesAsync(cloud), n => n.Contains(thirdPrefix + "-dataplane", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/rollback", null)).StatusCode);
        Assert.Equal("ROLLED_BACK", (string)(await WaitAsync(client, op, "ROLLED_BACK", "FAILED_TEMP"))["operationState"]!);
        await AssertClaimsFollowNovaAsync(server, third, null);
        Assert.DoesNotContain(await OwnedServerNamesAsync(cloud), n => n.Contains(thirdPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(await cloud.Neutron.ListNetworksAsync("nfv-", None), n => n.Name.Contains(thirdPrefix, StringComparison.Ordinal));
        Assert.NotNull(await cloud.Glance.FindImageAsync(imageName, None)); // the other two still use it

        // Heal re-creates the data plane; Nova places it again and the record follows.
        var dataplane = firstInfo["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray().Single(v => (string)v!["vduId"]! == "dataplane")!;
        op = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{first}/heal", new { vnfcInstanceId = new[] { (string)dataplane["id"]! } });
        await CompletedAsync(client, op);
        var healed = await InstanceAsync(client, first);
        var healedPlane = healed["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray().Single(v => (string)v!["vduId"]! == "dataplane")!;
        Assert.NotEqual((string)dataplane["computeResource"]!["resourceId"]!, (string)healedPlane["computeResource"]!["resourceId"]!);
        Assert.Null(await cloud.Nova.GetServerAsync((string)dataplane["computeResource"]!["resourceId"]!, None));
        await AssertRecordedPlacementIsNovasAsync(cloud, healed);
        await AssertClaimsFollowNovaAsync(server, first, healed);

        foreach (var id in new[] { first, second })
        {
            var prefix = id.ToString("N")[..8];
            var ports = await OwnedPortCountAsync(cloud, prefix);
            Assert.True(ports > 0, "the instance's servers have ports");
            op = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" });
            await CompletedAsync(client, op);
            Assert.DoesNotContain(await OwnedServerNamesAsync(cloud), n => n.Contains(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(await cloud.Neutron.ListNetworksAsync("nfv-", None), n => n.Name.Contains(prefix, StringComparison.Ordinal));
            Assert.Equal(0, await OwnedPortCountAsync(cloud, prefix));
            await AssertClaimsFollowNovaAsync(server, id, null);
        }

        // The last instance of the package is gone: so are its image and the SR-IOV provider networks.
        Assert.Null(await cloud.Glance.FindImageAsync(imageName, None));
        var physnetNetworks = (await cloud.Neutron.ListNetworksAsync("nfv-physnet-data", None)).Where(n => !n.Name.Contains("-vlan", StringComparison.Ordinal));
        Assert.Empty(physnetNetworks);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/vnflcm/v1/vnf_instances/{third}")).StatusCode);
    }

    [OpenStackFact]
    public async Task FirewallLab_ScalesOutAndInOnNova_ThenTerminateLeavesNothing()
    {
        // The sample firewall's 'standard' flavour cannot run on the test cloud: it asks 8 GiB of 2 MiB pages in one
        // NUMA node, the fake hosts have 2 GiB of them per cell. Its 'lab' flavour (shared CPUs) has the scaling aspect.
        var cloud = LiveCloud.Connect();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Settings());
        using var client = server.CreateClient();
        var instances = new List<Guid>();
        try
        {
            var vnfdId = await OnboardAsync(client, "firewall");
            var id = await CreateAsync(client, vnfdId, "fw-lab");
            instances.Add(id);
            var prefix = id.ToString("N")[..8];
            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "lab" }));
            await AssertVnfcsAreNovasAsync(cloud, await InstanceAsync(client, id), prefix, 1);
            await AssertClaimsFollowNovaAsync(server, id, await InstanceAsync(client, id));

            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/scale", new { type = "SCALE_OUT", aspectId = "lab_capacity", numberOfSteps = 2 }));
            var scaled = await AssertVnfcsAreNovasAsync(cloud, await InstanceAsync(client, id), prefix, 3);
            await AssertClaimsFollowNovaAsync(server, id, await InstanceAsync(client, id));

            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/scale", new { type = "SCALE_IN", aspectId = "lab_capacity", numberOfSteps = 1 }));
            var after = await AssertVnfcsAreNovasAsync(cloud, await InstanceAsync(client, id), prefix, 2);
            await AssertClaimsFollowNovaAsync(server, id, await InstanceAsync(client, id));
            var removed = Assert.Single(scaled.Except(after));
            Assert.Null(await cloud.Nova.GetServerAsync(removed, None));
            Assert.Empty(await cloud.Neutron.ListServerPortsAsync(removed, None));

            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" }));
            Assert.DoesNotContain(await OwnedServerNamesAsync(cloud), n => n.Contains(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(await cloud.Neutron.ListNetworksAsync("nfv-", None), n => n.Name.Contains(prefix, StringComparison.Ordinal));
            Assert.Equal(0, await OwnedPortCountAsync(cloud, prefix));
            await AssertClaimsFollowNovaAsync(server, id, null);
            var packageId = Guid.Parse(await PackageIdAsync(client, vnfdId));
            Assert.DoesNotContain(await cloud.Glance.ListOwnedAsync(None), i => i.Name.StartsWith($"nfv-pkg-{packageId.ToString("N")[..12]}-", StringComparison.Ordinal));
        }
        finally
        {
            await RemoveLeftoversAsync(cloud, instances);
        }
    }

    [OpenStackFact]
    public async Task FirewallLab_WithAConfiguredZone_IsCreatedInThatNovaZone_AndRecordsIt()
    {
        // An operator's availability zone: nfv-compute-2 alone, as a host aggregate, for the duration of the test.
        var cloud = LiveCloud.Connect();
        var zone = LiveCloud.Unique("zone");
        var aggregate = await LiveCloud.ZoneOfComputeTwoAsync(cloud, zone);
        var instances = new List<Guid>();
        try
        {
            await using var database = await TestDatabase.CreateAsync();
            var settings = Settings();
            settings["NfvMano:VnfLcm:Zone"] = zone;
            await using var server = new NfvManoServerFactory(database, settings);
            using var client = server.CreateClient();
            var vnfdId = await OnboardAsync(client, "firewall");
            var id = await CreateAsync(client, vnfdId, "fw-zone");
            instances.Add(id);
            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "lab" }));

            var vnfc = Assert.Single((await InstanceAsync(client, id))["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray())!;
            Assert.Equal(zone, (string?)vnfc["zoneId"]);
            var novaServer = await cloud.Nova.GetServerAsync((string)vnfc["computeResource"]!["resourceId"]!, None);
            Assert.Equal((zone, "nfv-compute-2"), (novaServer!.AvailabilityZone, novaServer.Host));

            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" }));
            Assert.DoesNotContain(await OwnedServerNamesAsync(cloud), n => n.Contains(id.ToString("N")[..8], StringComparison.Ordinal));
        }
        finally
        {
            await RemoveLeftoversAsync(cloud, instances);
            await LiveCloud.RemoveZoneAsync(cloud, aggregate);
        }
    }

    [OpenStackFact]
    public async Task FirewallLab_MappedToAnOperatorsFlavor_BootsWithIt_AndOneTooSmallIsRefusedSayingWhy()
    {
        var cloud = LiveCloud.Connect();
        var stem = LiveCloud.Unique("opflavor");
        // Larger than fw_lab's 2 vCPUs, 2 GiB, 8 GiB disk: no translation of its requirements would ever choose it.
        var big = await CreateFlavorAsync(cloud, stem + "-big", 3, 3072, 10);
        var small = await CreateFlavorAsync(cloud, stem + "-small", 1, 1024, 10);
        var instances = new List<Guid>();
        try
        {
            foreach (var (flavor, fits) in new[] { (stem + "-small", false), (big, true) })
            {
                await using var database = await TestDatabase.CreateAsync();
                var settings = Settings();
                settings["NfvMano:Vim:OpenStack:Flavors:fw_lab"] = flavor;
                await using var server = new NfvManoServerFactory(database, settings);
                using var client = server.CreateClient();
                var vnfdId = await OnboardAsync(client, "firewall");
                var id = await CreateAsync(client, vnfdId, "fw-opflavor");
                instances.Add(id);
                var op = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "lab" });
                if (!fits)
                {
                    var failed = await WaitAsync(client, op, "COMPLETED", "FAILED_TEMP");
                    Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
                    Assert.Contains($"the operator's flavor '{stem}-small' (1 vCPUs, 1024 MiB, 10 GiB; no extra specs) (NfvMano:Vim:OpenStack:Flavors:fw_lab) is smaller than VDU fw_lab needs: 2 vCPUs, 2048 MiB, 8 GiB",
                        (string)failed["error"]!["detail"]!, StringComparison.Ordinal);
                    continue;
                }

                await CompletedAsync(client, op);
                var vnfc = Assert.Single((await InstanceAsync(client, id))["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray())!;
                var serverId = (string)vnfc["computeResource"]!["resourceId"]!;
                // From microversion 2.47 a server shows the flavor it was booted with.
                var booted = (await cloud.Http.SendAsync("compute", HttpMethod.Get, $"/servers/{serverId}",
                    headers: new Dictionary<string, string> { ["OpenStack-API-Version"] = "compute 2.79" }, cancellationToken: None))!["server"]!["flavor"]!;
                Assert.Equal((stem + "-big", 3, 3072), ((string)booted["original_name"]!, (int)booted["vcpus"]!, (int)booted["ram"]!));
                await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" }));
                // The operator's flavor is the operator's: terminate leaves it.
                Assert.NotNull(await cloud.Http.SendAsync("compute", HttpMethod.Get, $"/flavors/{big}", allowNotFound: true, cancellationToken: None));
            }
        }
        finally
        {
            await RemoveLeftoversAsync(cloud, instances);
            await cloud.Nova.DeleteFlavorAsync(big, None);
            await cloud.Nova.DeleteFlavorAsync(small, None);
        }
    }

    [OpenStackFact]
    public async Task LabChainNs_WithAnAntiAffinityRuleBetweenItsFirewalls_HasThemOnDifferentNovaHosts_AndTerminateLeavesNothing()
    {
        // Nova's server groups hold servers, and a server joins one: the NS's rule between two VNFs reaches Nova as
        // different_host hints naming the other VNF's servers.
        var cloud = LiveCloud.Connect();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Settings());
        using var client = server.CreateClient();
        var instances = new List<Guid>();
        string? nsId = null;
        try
        {
            await OnboardAsync(client, "firewall");
            await Sol005Catalogue.OnboardNsdAsync(client, Samples.Zip("nsd-lab-chain"));
            var created = await client.PostAsJsonAsync("/nslcm/v1/ns_instances", new { nsdId = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e20", nsName = "lab-apart", nsDescription = "NS rule on Nova" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            nsId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{nsId}/instantiate", new
            {
                nsFlavourId = "lab",
                additionalAffinityOrAntiAffinityRule = new object[] { new { vnfProfileId = new[] { "fw_first", "fw_second" }, affinityOrAntiAffiinty = "ANTI_AFFINITY", scope = "NFVI_NODE" } },
            }));

            var ns = (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{nsId}"))!;
            var vnfIds = ns["vnfInstance"]!.AsArray().Select(v => Guid.Parse((string)v!["id"]!)).ToList();
            instances.AddRange(vnfIds);
            Assert.Equal(2, vnfIds.Count);
            var hosts = new List<string>();
            foreach (var id in vnfIds)
            {
                var instance = await InstanceAsync(client, id);
                await AssertVnfcsAreNovasAsync(cloud, instance, id.ToString("N")[..8], 1);
                hosts.Add((string)instance["instantiatedVnfInfo"]!["vnfcResourceInfo"]![0]!["metadata"]!["host"]!);
            }
            Assert.True(hosts.Distinct().Count() == 2, $"both firewalls are on {hosts[0]}");

            await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{nsId}/terminate", new { }));
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/nslcm/v1/ns_instances/{nsId}")).StatusCode);
            nsId = null;
            var names = await OwnedServerNamesAsync(cloud);
            Assert.DoesNotContain(names, n => vnfIds.Any(id => n.Contains(id.ToString("N")[..8], StringComparison.Ordinal)));
        }
        finally
        {
            if (nsId is not null)
            {
                await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{nsId}/terminate", new { });
            }

            await RemoveLeftoversAsync(cloud, instances);
        }
    }

    private static async Task<string> CreateFlavorAsync(OpenStackCloud cloud, string name, int vcpus, int ramMiB, int diskGiB)
    {
        var created = await cloud.Http.SendAsync("compute", HttpMethod.Post, "/flavors", new JsonObject
        {
            ["flavor"] = new JsonObject { ["name"] = name, ["vcpus"] = vcpus, ["ram"] = ramMiB, ["disk"] = diskGiB },
        }, cancellationToken: None);
        return (string)created!["flavor"]!["id"]!;
    }

    [OpenStackFact]
    public async Task FirewallLab_ExternalCpOnACloudNetworkWithTheDescriptorsSecurityGroup_MovesOnChangeExtConn_AndTerminateLeavesNoGroup()
    {
        var cloud = LiveCloud.Connect();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Settings());
        using var client = server.CreateClient();
        var instances = new List<Guid>();
        // The external link's network belongs to the cloud, not to the VNFM: made here, by name and CIDR of the test's own.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var netA = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest($"ext-test-a-{suffix}", null, null, null, "192.0.2.0/24"), None);
        var netB = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest($"ext-test-b-{suffix}", null, null, null, "198.51.100.0/24"), None);
        try
        {
            var vnfdId = await OnboardAsync(client, "firewall", LabWithHttpsRuleOnLabIn);
            var id = await CreateAsync(client, vnfdId, "fw-ext");
            instances.Add(id);
            // By id for one link, by name for the move: both are what SOL003 resourceIds are on OpenStack.
            var links = JsonNode.Parse($$"""[{"id": "ext-in", "resourceId": "{{netA.Id}}", "extCps": [{"cpdId": "lab_in"}]}]""");
            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new JsonObject { ["flavourId"] = "lab", ["extVirtualLinks"] = links }));
            var novaServer = Assert.Single(
                await cloud.Nova.ListServersWithMetadataAsync(OpenStackVimDriver.VnfcKey, None), s => s.Name.Contains(id.ToString("N")[..8], StringComparison.Ordinal));
            var mac = ExternalPorts.Mac(id, novaServer.Metadata[OpenStackVimDriver.VnfcKey], "lab_in");

            // lab_out is on no link and no internal virtual link: the server's only port is lab_in's, on the cloud's
            // network, with the derived MAC and the instance's group for lab_in holding the descriptor's rule.
            var port = Assert.Single(await ServerPortsAsync(cloud, novaServer.Id));
            Assert.Equal(mac, (string)port["mac_address"]!);
            Assert.Equal(netA.Id, (string)port["network_id"]!);
            var groupName = "nfv-" + VnfcRealiser.SecurityGroupName(id, "lab_in");
            var (groupId, _) = Assert.Single(await cloud.Neutron.ListSecurityGroupsAsync(groupName, None));
            Assert.Equal([groupId], port["security_groups"]!.AsArray().Select(g => (string)g!));
            var group = await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/security-groups/{groupId}", cancellationToken: None);
            var ingress = Assert.Single(group!["security_group"]!["security_group_rules"]!.AsArray(), r => (string)r!["direction"]! == "ingress")!;
            Assert.Equal(("tcp", 443, 443, "IPv4"), ((string)ingress["protocol"]!, (int)ingress["port_range_min"]!, (int)ingress["port_range_max"]!, (string)ingress["ethertype"]!));
            var instance = await InstanceAsync(client, id);
            Assert.Equal(netA.Id, (string)instance["instantiatedVnfInfo"]!["extCpInfo"]![0]!["metadata"]!["resourceId"]!);
            Assert.Equal("OS::Nova::Server", (string)instance["instantiatedVnfInfo"]!["vnfcResourceInfo"]![0]!["computeResource"]!["vimLevelResourceType"]!);
            Assert.Equal("ETSINFV.OPENSTACK_KEYSTONE.V_3", (string)instance["vimConnectionInfo"]![0]!["vimType"]!);
            var cpInfo = instance["instantiatedVnfInfo"]!["vnfcResourceInfo"]![0]!["vnfcCpInfo"]!.AsArray();
            Assert.Equal(netA.Id, (string)Assert.Single(cpInfo, c => (string)c!["cpdId"]! == "lab_in")!["metadata"]!["network"]!);

            // change_ext_conn moves the port to the other network (Nova detach, attach), keeping MAC and group.
            links = JsonNode.Parse($$"""[{"id": "ext-in", "resourceId": "{{netB.Name}}", "extCps": [{"cpdId": "lab_in"}]}]""");
            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/change_ext_conn", new JsonObject { ["extVirtualLinks"] = links }));
            port = Assert.Single(await ServerPortsAsync(cloud, novaServer.Id));
            Assert.Equal(mac, (string)port["mac_address"]!);
            Assert.Equal(netB.Id, (string)port["network_id"]!);
            Assert.Equal([groupId], port["security_groups"]!.AsArray().Select(g => (string)g!));
            Assert.Empty(await NetworkPortsAsync(cloud, netA.Id));

            await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" }));
            Assert.Empty(await cloud.Neutron.ListSecurityGroupsAsync($"nfv-{id:N}", None));
            Assert.Empty(await NetworkPortsAsync(cloud, netB.Id));
            Assert.NotNull(await cloud.Neutron.GetNetworkAsync(netB.Id, None)); // the cloud's network stays
        }
        finally
        {
            await RemoveLeftoversAsync(cloud, instances);
            foreach (var id in instances)
            {
                foreach (var (groupId, _) in await cloud.Neutron.ListSecurityGroupsAsync($"nfv-{id:N}", None))
                {
                    await cloud.Neutron.DeleteSecurityGroupAsync(groupId, None);
                }
            }
            await cloud.Neutron.DeleteNetworkAsync(netA.Id, None);
            await cloud.Neutron.DeleteNetworkAsync(netB.Id, None);
        }
    }

    // The sample firewall's lab flavour with a SecurityGroupRule on lab_in (its standard flavour, which has one, needs
    // more 2 MiB pages than the test cloud's hosts have); the manifest's digest follows.
    private static string LabWithHttpsRuleOnLabIn(string path, string text)
    {
        const string Rule = """
                - allow_https_in:
                    type: tosca.policies.nfv.SecurityGroupRule
                    properties:
                      direction: ingress
                      protocol: tcp
                      port_range_min: 443
                      port_range_max: 443
                    targets: [ lab_in ]

            """;
        return path == "Definitions/firewall_df_lab.yaml" ? text.Replace("  policies:\n", "  policies:\n" + Rule, StringComparison.Ordinal) : text;
    }

    private static async Task<List<JsonNode>> ServerPortsAsync(OpenStackCloud cloud, string serverId) =>
        [.. ((await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports?device_id={serverId}", cancellationToken: None))?["ports"] as JsonArray ?? []).OfType<JsonNode>()];

    private static async Task<List<JsonNode>> NetworkPortsAsync(OpenStackCloud cloud, string networkId) =>
        [.. ((await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports?network_id={networkId}&device_owner=compute:nova", cancellationToken: None))?["ports"] as JsonArray ?? [])
            .OfType<JsonNode>()];

    // The instance's claims are its VNFCs, each on the compute host Nova chose (what scale-in and terminate release).
    private static async Task AssertClaimsFollowNovaAsync(NfvManoServerFactory server, Guid instanceId, JsonObject? instance)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var claims = await db.PlacementClaims.AsNoTracking().Where(c => c.VnfInstanceId == instanceId).ToListAsync();
        var vnfcs = instance?["instantiatedVnfInfo"]?["vnfcResourceInfo"]?.AsArray() ?? [];
        Assert.Equal(
            vnfcs.Select(v => $"{instanceId:N}/{(string)v!["id"]!}@{(string)v["metadata"]!["host"]!}").Order(),
            claims.Select(c => $"{c.RequestId}@{c.Host}").Order());
    }

    // The instance's VNFCs are exactly its servers in Nova, each recorded on the host Nova chose; returns their ids.
    private static async Task<List<string>> AssertVnfcsAreNovasAsync(OpenStackCloud cloud, JsonObject instance, string prefix, int count)
    {
        var vnfcs = instance["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray();
        Assert.Equal(count, vnfcs.Count);
        var ids = vnfcs.Select(v => (string)v!["computeResource"]!["resourceId"]!).ToList();
        var inNova = (await cloud.Nova.ListServersWithMetadataAsync(OpenStackVimDriver.VnfcKey, None)).Where(s => s.Name.Contains(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Order(), inNova.Select(s => s.Id).Order());
        foreach (var vnfc in vnfcs)
        {
            var novaServer = inNova.Single(s => s.Id == (string)vnfc!["computeResource"]!["resourceId"]!);
            Assert.Equal("ACTIVE", novaServer.Status);
            Assert.Equal(novaServer.Host, (string)vnfc!["metadata"]!["host"]!);
        }
        return ids;
    }

    private static Dictionary<string, string?> Settings()
    {
        var o = LiveCloud.Options();
        return new Dictionary<string, string?>
        {
            ["NfvMano:Notifications:TestCallbackOnCreate"] = "false",
            ["NfvMano:VnfLcm:VimConnectionId"] = "vim-openstack",
            ["NfvMano:Vim:Kind"] = "OpenStack",
            ["NfvMano:Vim:OpenStack:AuthUrl"] = o.AuthUrl,
            ["NfvMano:Vim:OpenStack:Username"] = o.Username,
            ["NfvMano:Vim:OpenStack:Password"] = o.Password,
            ["NfvMano:Vim:OpenStack:ProjectName"] = o.ProjectName,
            ["NfvMano:Vim:OpenStack:UserDomainName"] = o.UserDomainName,
            ["NfvMano:Vim:OpenStack:ProjectDomainName"] = o.ProjectDomainName,
            ["NfvMano:Vim:OpenStack:Region"] = o.Region,
            ["NfvMano:Vim:OpenStack:ServerTimeout"] = "00:01:30",
            ["NfvMano:Vim:OpenStack:PollInterval"] = "00:00:00.300",
            ["Workflows:RetryBaseDelay"] = "00:00:00.200",
        };
    }

    // The vRouter's internal_vl says vxlan, MTU 1450, 169.254.100.0/24 without DHCP: Neutron's network has exactly that,
    // and the instance's virtual link resource info shows the subnet Neutron made.
    private static async Task AssertInternalLinkIsNeutronsAsync(OpenStackCloud cloud, JsonObject instance)
    {
        var link = instance["instantiatedVnfInfo"]!["vnfVirtualLinkResourceInfo"]!.AsArray()
            .Single(l => (string)l!["vnfVirtualLinkDescId"]! == "internal_vl")!;
        var networkId = (string)link["networkResource"]!["resourceId"]!;
        var network = (await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/networks/{networkId}", cancellationToken: None))!["network"]!;
        Assert.Equal("vxlan", (string?)network["provider:network_type"]);
        Assert.Equal(1450, (int?)network["mtu"]);
        var subnet = Assert.Single(await cloud.Neutron.ListSubnetsAsync(networkId, None));
        Assert.Equal(("169.254.100.0/24", 4, false), (subnet.Cidr, subnet.IpVersion, subnet.EnableDhcp));
        var recorded = Assert.Single(link["metadata"]!["subnets"]!.AsArray())!;
        Assert.Equal(subnet.Id, (string)recorded["resourceId"]!);
        Assert.Equal("169.254.100.0/24", (string)recorded["cidr"]!);
        Assert.Equal("IPV4", (string)recorded["ipVersion"]!);
        Assert.Equal(subnet.GatewayIp, (string?)recorded["gatewayIp"]);
        Assert.False((bool)recorded["dhcpEnabled"]!);
    }

    // Every VNFC's recorded host, cells, pinning, page size and VFs equal Nova's topology and Neutron's bindings.
    private static async Task AssertRecordedPlacementIsNovasAsync(OpenStackCloud cloud, JsonObject instance)
    {
        var vnfcs = instance["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray();
        Assert.Equal(["control", "dataplane"], vnfcs.Select(v => (string)v!["vduId"]!).Order());
        foreach (var vnfc in vnfcs)
        {
            var serverId = (string)vnfc!["computeResource"]!["resourceId"]!;
            var recorded = vnfc["metadata"]!;
            var novaServer = await cloud.Nova.GetServerAsync(serverId, None);
            Assert.NotNull(novaServer);
            Assert.Equal("ACTIVE", novaServer.Status);
            Assert.Equal(novaServer.Host, (string)recorded["host"]!);
            // No zone configured: Nova chose, and the record holds the zone Nova reports (its default one here).
            Assert.Equal("nova", novaServer.AvailabilityZone);
            Assert.Equal(novaServer.AvailabilityZone, (string?)vnfc["zoneId"]);
            var (pageSize, nodes) = await cloud.Nova.GetTopologyAsync(serverId, None);
            var cells = recorded["numaCells"]!.AsArray();
            Assert.Equal(nodes.Count, cells.Count);
            for (var i = 0; i < nodes.Count; i++)
            {
                Assert.Equal(nodes[i].HostNode, (int)cells[i]!["hostCell"]!);
                Assert.Equal(nodes[i].VcpuToHostCpu.OrderBy(p => p.Key).Select(p => p.Value), cells[i]!["pinnedCpus"]!.AsArray().Select(c => (int)c!));
                Assert.Equal(nodes[i].MemoryMiB, (long)cells[i]!["memoryMiB"]!);
                Assert.Equal(pageSize, (long)cells[i]!["pageSizeKiB"]!);
            }
            var bindings = new List<Compute.PortBinding>();
            foreach (var port in await cloud.Neutron.ListServerPortsAsync(serverId, None))
            {
                bindings.Add((await cloud.Neutron.GetPortBindingAsync(port, None))!);
            }
            var vfs = bindings.Where(b => b.VnicType == "direct").ToList();
            Assert.Equal(
                vfs.Select(b => $"{b.PhysicalNetwork}={b.PciSlot}").Order(),
                recorded["vfs"]!.AsArray().Select(v => $"{(string)v!["physicalNetwork"]!}={(string)v["pciAddress"]!}").Order());
            Assert.All(vfs, b => Assert.Equal("hw_veb", b.VifType));

            if ((string)vnfc["vduId"]! == "dataplane")
            {
                // What the VNFD asks, as Nova did it: 8 dedicated CPUs over 2 host cells, 1 GiB pages, a VF per data port.
                Assert.Equal("nfv-compute-2", novaServer.Host);
                Assert.Equal(1048576, pageSize);
                Assert.Equal([0, 1], nodes.Select(n => n.HostNode).Order());
                Assert.All(nodes, n => Assert.Equal(4, n.VcpuToHostCpu.Count));
                Assert.Equal(8, recorded["pinnedCpus"]!.AsArray().Select(c => (int)c!).Distinct().Count());
                Assert.Equal(["physnet-data1", "physnet-data2"], vfs.Select(v => v.PhysicalNetwork).Order());
                Assert.Equal(8, (await cloud.GetAllocationsAsync(serverId, None))["PCPU"]);
            }
            else
            {
                Assert.Empty(vfs);
                Assert.Empty(recorded["pinnedCpus"]!.AsArray());
            }
        }
    }

    // After a failure: what the instances left in Nova and Neutron goes, so the next run starts from a clean cloud.
    private static async Task RemoveLeftoversAsync(OpenStackCloud cloud, List<Guid> instances)
    {
        var prefixes = instances.Select(i => "nfv-" + i.ToString("N")[..8]).ToList();
        bool Ours(string? name) => name is not null && prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        foreach (var s in await cloud.Nova.ListServersWithMetadataAsync(OpenStackVimDriver.VnfcKey, None))
        {
            if (Ours(s.Name))
            {
                await cloud.Nova.DeleteServerAsync(s.Id, None);
            }
        }
        var ports = await cloud.Http.SendAsync("network", HttpMethod.Get, "/v2.0/ports", cancellationToken: None);
        foreach (var p in (ports?["ports"] as JsonArray ?? []).Where(p => Ours((string?)p?["name"])))
        {
            await cloud.Neutron.DeletePortAsync((string)p!["id"]!, None);
        }
        foreach (var n in await cloud.Neutron.ListNetworksAsync("nfv-", None))
        {
            if (Ours(n.Name))
            {
                await cloud.Neutron.DeleteNetworkAsync(n.Id, None);
            }
        }
    }

    private static async Task<List<string>> OwnedServerNamesAsync(OpenStackCloud cloud) =>
        [.. (await cloud.Nova.ListServersWithMetadataAsync(OpenStackVimDriver.VnfcKey, None)).Select(s => s.Name)];

    private static async Task<int> OwnedPortCountAsync(OpenStackCloud cloud, string instancePrefix)
    {
        var ports = await cloud.Http.SendAsync("network", HttpMethod.Get, "/v2.0/ports", cancellationToken: None);
        return (ports?["ports"] as JsonArray ?? []).Count(p => ((string?)p?["name"] ?? "").Contains(instancePrefix, StringComparison.Ordinal));
    }

    private static async Task<Guid> InstantiateAsync(HttpClient client, string vnfdId, string name, List<Guid> instances)
    {
        var id = await CreateAsync(client, vnfdId, name);
        instances.Add(id);
        var op = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "default" });
        await CompletedAsync(client, op);
        return id;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string vnfdId, string name)
    {
        var created = await client.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId, vnfInstanceName = name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return Guid.Parse((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private static async Task<JsonObject> InstanceAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;

    private static async Task<string> PackageIdAsync(HttpClient client, string vnfdId)
    {
        var packages = (await client.GetFromJsonAsync<JsonArray>("/vnfpkgm/v1/vnf_packages"))!;
        return (string)packages.Single(p => (string?)p!["vnfdId"] == vnfdId)!["id"]!;
    }

    private static Task<string> OnboardAsync(HttpClient client, string sample, Func<string, string, string>? edit = null) =>
        Sol005Catalogue.OnboardVnfPackageAsync(client, Samples.Zip(sample, edit));
}
