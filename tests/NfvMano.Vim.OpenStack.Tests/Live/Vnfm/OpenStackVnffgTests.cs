using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Csar;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Placement.Claims;
using NfvMano.Server.Vim;
using NfvMano.Testing;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.OpenStack.Networking;

namespace NfvMano.Vim.OpenStack.Tests.Live.Vnfm;

/// <summary>
/// The NS LCM's VNFFG realisation on OpenStack against the real networking-sfc of tests/support/openstack/up.sh: the
/// sample NSD's vnffg_web over VNFC ports that carry the MACs the VNFM gives external CPs.
/// </summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class OpenStackVnffgTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [OpenStackFact]
    public async Task ServiceChainVnffg_BecomesAPortChainRouterThenFirewallFromTheAccessSap_AndRemoveLeavesNothing()
    {
        var cloud = LiveCloud.Connect();
        var realiser = new OpenStackVnffgRealiser(new OpenStackVimDriver(cloud, TimeProvider.System));
        var ns = Guid.NewGuid();
        var router = Guid.NewGuid();
        var firewall = Guid.NewGuid();
        var name = LiveCloud.Unique("vnffg");
        var network = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(name, "vxlan", null, null, "10.31.0.0/24"), None);
        var flavor = EpaTranslation.Translate(new FlavorRequest(new Descriptors.Epa.VduRequirements(
            Descriptors.Epa.CpuPolicy.Shared, Descriptors.Epa.ThreadPolicy.Unspecified, 1, 256, [], null, Descriptors.Epa.PciNumaAffinity.Unspecified, [])));
        string? imageId = null;
        var servers = new List<string>();
        using var zip = new MemoryStream(Samples.Zip("nsd-service-chain"));
        var read = CsarReader.Read(zip);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        var flavour = read.Nsd!.Flavours.Single();
        try
        {
            var flavorId = await cloud.Nova.EnsureFlavorAsync(flavor, None);
            var imageFile = Path.Combine(Path.GetTempPath(), name + ".raw");
            await File.WriteAllBytesAsync(imageFile, new byte[4096], None);
            imageId = (await cloud.Glance.EnsureImageAsync(name, imageFile, "raw", null, None)).Id;
            File.Delete(imageFile);

            // What the VNF LCM makes for external CPs: Neutron ports with the derived MAC on a server (networking-sfc
            // chains only ports bound to one).
            async Task Vnfc(Guid instance, string vnfcId, params string[] cps)
            {
                var ports = new List<string>();
                foreach (var cp in cps)
                {
                    ports.Add(await cloud.Neutron.EnsurePortAsync(
                        new NeutronPortRequest($"{name}-{vnfcId}-{cp}", network.Id, MacAddress: ExternalPorts.Mac(instance, vnfcId, cp)), None));
                }
                servers.Add((await cloud.Nova.CreateServerAsync(new NovaServerRequest($"{name}-{vnfcId}", flavorId, imageId, ports, new Dictionary<string, string>()), flavor, None)).Id);
            }
            await Vnfc(router, "r-0", "data1", "data2");
            await Vnfc(firewall, "fw-0", "lab_in", "lab_out");
            var context = new VnffgContext(ns, flavour,
            [
                new VnffgVnfInstance("vRouter", router, new InstantiatedVnf("default", null, "STARTED", new Dictionary<string, int>(),
                    [Record("r-0", "data1", "data2")], [], [Link("vl_access", "data1"), Link("vl_inside", "data2")])),
                new VnffgVnfInstance("vFirewall", firewall, new InstantiatedVnf("lab", null, "STARTED", new Dictionary<string, int>(),
                    [Record("fw-0", "lab_in", "lab_out")], [], [Link("vl_inside", "lab_in"), Link("vl_core", "lab_out")])),
            ], new Dictionary<string, string>());

            var chain = Assert.Single(await realiser.ApplyAsync(context, "vnffg_web", None));
            var again = Assert.Single(await realiser.ApplyAsync(context, "vnffg_web", None));

            var chainName = "nfv-" + OpenStackVnffgRealiser.ChainName(VnffgPlanner.ChainId(ns, "vnffg_web", "nfp_web"));
            Assert.Equal(again.Id, (await cloud.Sfc.FindChainAsync(chainName, None))!.Id);
            // Re-applying replaced the chain instead of adding one: 1 chain, 1 classifier, 2 groups, 2 pairs.
            Assert.Equal(6, await cloud.Sfc.CountAsync(chainName, None));
            var groups = new List<JsonNode>();
            foreach (var groupId in again.PortPairGroupIds)
            {
                var group = (await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/sfc/port_pair_groups/{groupId}", cancellationToken: None))!["port_pair_group"]!;
                var pair = (await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/sfc/port_pairs/{(string)group["port_pairs"]![0]!}", cancellationToken: None))!["port_pair"]!;
                groups.Add(pair);
            }
            Assert.Equal(
                [(ExternalPorts.Mac(router, "r-0", "data1"), ExternalPorts.Mac(router, "r-0", "data2")), (ExternalPorts.Mac(firewall, "fw-0", "lab_in"), ExternalPorts.Mac(firewall, "fw-0", "lab_out"))],
                await Task.WhenAll(groups.Select(async p => (await MacAsync(cloud, (string)p["ingress"]!), await MacAsync(cloud, (string)p["egress"]!)))));
            var classifier = (await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/sfc/flow_classifiers/{Assert.Single(again.FlowClassifierIds)}", cancellationToken: None))!["flow_classifier"]!;
            Assert.Equal(("tcp", "203.0.113.0/24", 80, 443), ((string)classifier["protocol"]!, (string)classifier["destination_ip_prefix"]!,
                (int)classifier["destination_port_range_min"]!, (int)classifier["destination_port_range_max"]!));
            var sapIn = (await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports/{(string)classifier["logical_source_port"]!}", cancellationToken: None))!["port"]!;
            Assert.Equal("nfv-" + OpenStackVnffgRealiser.SapPortName(ns, "sap_access"), (string)sapIn["name"]!);
            Assert.Equal(network.Id, (string)sapIn["network_id"]!);

            await realiser.RemoveAllAsync(ns, flavour, None);
            Assert.Equal(0, await cloud.Sfc.CountAsync(chainName, None));
            Assert.DoesNotContain(((await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports?network_id={network.Id}", cancellationToken: None))!["ports"] as JsonArray ?? []),
                p => ((string?)p?["name"] ?? "").Contains("-sap-", StringComparison.Ordinal));
            Assert.NotEqual(chain.Id, again.Id);
        }
        finally
        {
            await realiser.RemoveAllAsync(ns, flavour, None);
            foreach (var server in servers)
            {
                await cloud.Nova.DeleteServerAsync(server, None);
            }
            await cloud.Neutron.DeleteNetworkAsync(network.Id, None);
            if (imageId is not null)
            {
                await cloud.Glance.DeleteImageAsync(imageId, None);
            }
        }
    }

    private static async Task<string> MacAsync(OpenStackCloud cloud, string portId) =>
        (string)(await cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/ports/{portId}", cancellationToken: None))!["port"]!["mac_address"]!;

    private static VnfcRecord Record(string id, params string[] cps) => new(
        id, "vdu", "RegionOne", "server-" + id, Guid.NewGuid().ToString(), new Dictionary<string, string>(),
        cps.ToDictionary(cp => cp, _ => "ext"),
        new Assignment(id, "RegionOne", ImmutableArray<CellAssignment>.Empty, ImmutableArray<VfAssignment>.Empty, []));

    private static ExtVirtualLinkRecord Link(string id, string cpd) => new(id, "ext", null, [new ExtCpRecord(id + "-cp", cpd, null, null, null)]);
}
