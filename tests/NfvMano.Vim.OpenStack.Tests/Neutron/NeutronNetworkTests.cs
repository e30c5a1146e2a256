using System.Net;
using System.Text.Json.Nodes;
using NfvMano.Vim.Networks;
using NfvMano.Vim.OpenStack.Networking;
using NfvMano.Vim.OpenStack.Tests.Scripted;

namespace NfvMano.Vim.OpenStack.Tests.Neutron;

/// <summary>The exact Neutron requests a virtual link's network becomes, and what a retry adds.</summary>
public sealed class NeutronNetworkTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static (HttpStatusCode, string) Ok(string body) => (HttpStatusCode.OK, body);

    // A Neutron holding at most one network: what was posted is what is listed.
    private sealed class OneNetwork
    {
        public JsonObject? Network { get; set; }

        public List<JsonObject> Subnets { get; } = [];

        public (HttpStatusCode, string) Answer(HttpMethod method, string path, JsonNode? body)
        {
            if (method == HttpMethod.Get && path.StartsWith("/v2.0/networks?name=", StringComparison.Ordinal))
            {
                return Ok(new JsonObject { ["networks"] = Network is null ? new JsonArray() : new JsonArray(Network.DeepClone()) }.ToJsonString());
            }

            if (method == HttpMethod.Post && path == "/v2.0/networks")
            {
                Network = (JsonObject)body!["network"]!.DeepClone();
                Network["id"] = "net-1";
                Network["subnets"] = new JsonArray();
                return (HttpStatusCode.Created, new JsonObject { ["network"] = Network.DeepClone() }.ToJsonString());
            }

            if (method == HttpMethod.Post && path == "/v2.0/subnets")
            {
                var subnet = (JsonObject)body!["subnet"]!.DeepClone();
                subnet["id"] = $"sub-{Subnets.Count + 1}";
                subnet["gateway_ip"] ??= subnet["ip_version"]!.GetValue<int>() == 4 ? "169.254.100.1" : "fd6e:6676:6d00::1";
                Subnets.Add(subnet);
                Network!["subnets"]!.AsArray().Add((string)subnet["id"]!);
                return (HttpStatusCode.Created, new JsonObject { ["subnet"] = subnet.DeepClone() }.ToJsonString());
            }

            if (method == HttpMethod.Get && path == "/v2.0/subnets?network_id=net-1")
            {
                return Ok(new JsonObject { ["subnets"] = new JsonArray([.. Subnets.Select(s => s.DeepClone())]) }.ToJsonString());
            }

            return (HttpStatusCode.NotFound, """{"NeutronError": {"type": "NotScripted", "message": "not scripted"}}""");
        }
    }

    private static NetworkSpec VRouterInternalLink() => new("RegionOne", "1a2b3c4d-internal-vl")
    {
        NetworkType = "vxlan",
        Mtu = 1450,
        Subnets = [new SubnetSpec("169.254.100.0/24", 4, DhcpEnabled: false)],
    };

    [Fact]
    public async Task CreateNetwork_ForTheVRouterInternalLink_SendsExactlyTheGoldenBodies_AndReportsTheSubnet()
    {
        var neutron = new OneNetwork();
        var cloud = new ScriptedCloud(neutron.Answer);
        var driver = new OpenStackVimDriver(cloud.Connect(), TimeProvider.System);

        var network = await driver.CreateNetworkAsync(VRouterInternalLink(), None);

        Assert.Equal(
            """{"network":{"name":"nfv-1a2b3c4d-internal-vl","admin_state_up":true,"provider:network_type":"vxlan","mtu":1450}}""",
            Assert.Single(cloud.Sent(HttpMethod.Post, "/v2.0/networks"))!.ToJsonString());
        Assert.Equal(
            """{"subnet":{"name":"nfv-1a2b3c4d-internal-vl","network_id":"net-1","ip_version":4,"cidr":"169.254.100.0/24","enable_dhcp":false}}""",
            Assert.Single(cloud.Sent(HttpMethod.Post, "/v2.0/subnets"))!.ToJsonString());
        Assert.Equal("net-1", network.Id);
        Assert.Equal([new VimSubnet("sub-1", "169.254.100.0/24", 4, "169.254.100.1", false)], network.Subnets);
    }

    [Fact]
    public async Task CreateNetwork_Again_PostsNothing_AndReturnsTheSameNetworkAndSubnet()
    {
        var neutron = new OneNetwork();
        var cloud = new ScriptedCloud(neutron.Answer);
        var driver = new OpenStackVimDriver(cloud.Connect(), TimeProvider.System);
        var first = await driver.CreateNetworkAsync(VRouterInternalLink(), None);
        var posts = cloud.Requests.Count(r => r.Method == HttpMethod.Post);

        var again = await driver.CreateNetworkAsync(VRouterInternalLink(), None);

        Assert.Equal(posts, cloud.Requests.Count(r => r.Method == HttpMethod.Post));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Subnets, again.Subnets);
    }

    [Fact]
    public async Task CreateNetwork_RetriedAfterACrashBetweenItsSubnets_AddsOnlyTheMissingOne()
    {
        var neutron = new OneNetwork();
        var cloud = new ScriptedCloud(neutron.Answer);
        var driver = new OpenStackVimDriver(cloud.Connect(), TimeProvider.System);
        await driver.CreateNetworkAsync(VRouterInternalLink(), None);

        var dualStack = VRouterInternalLink();
        dualStack = dualStack with { Subnets = [.. dualStack.Subnets, new SubnetSpec("fd6e:6676:6d00::/64", 6, DhcpEnabled: true)] };
        var network = await driver.CreateNetworkAsync(dualStack, None);

        Assert.Single(cloud.Sent(HttpMethod.Post, "/v2.0/networks"));
        var subnets = cloud.Sent(HttpMethod.Post, "/v2.0/subnets");
        Assert.Equal(2, subnets.Count);
        Assert.Equal(
            """{"subnet":{"name":"nfv-1a2b3c4d-internal-vl","network_id":"net-1","ip_version":6,"cidr":"fd6e:6676:6d00::/64","enable_dhcp":true}}""",
            subnets[1]!.ToJsonString());
        Assert.Equal(["169.254.100.0/24", "fd6e:6676:6d00::/64"], network.Subnets.Select(s => s.Cidr));
    }

    [Fact]
    public void NetworkRequest_WithoutDescriptorData_TakesTypeAndRangeFromTheVimConfiguration()
    {
        var driver = new OpenStackVimDriver(new ScriptedCloud((_, _, _) => Ok("{}")).Connect(new OpenStackVimOptions
        {
            AuthUrl = "http://keystone.example/v3", Username = "u", Password = "p", ProjectName = "p",
            TenantNetworkType = "vlan", VirtualLinkCidr = "10.9.8.0/24",
        }), TimeProvider.System);

        var tenant = driver.NetworkRequestOf(new NetworkSpec("RegionOne", "x"));
        Assert.Equal(
            """{"network":{"name":"nfv-x","admin_state_up":true,"provider:network_type":"vlan"}}""",
            NeutronClient.NetworkBody(tenant).ToJsonString());
        Assert.Equal(["10.9.8.0/24"], tenant.AllSubnets.Select(s => s.Cidr));

        var provider = driver.NetworkRequestOf(new NetworkSpec("RegionOne", "y", "physnet-data1", 101));
        Assert.Equal(
            """{"network":{"name":"nfv-y","admin_state_up":true,"provider:network_type":"vlan","provider:physical_network":"physnet-data1","provider:segmentation_id":101}}""",
            NeutronClient.NetworkBody(provider).ToJsonString());

        var flat = driver.NetworkRequestOf(new NetworkSpec("RegionOne", "z", "physnet-data2"));
        Assert.Equal("flat", flat.NetworkType);

        // The descriptor's own segmentation wins over the VIM's default.
        Assert.Equal("vxlan", driver.NetworkRequestOf(new NetworkSpec("RegionOne", "w") { NetworkType = "vxlan" }).NetworkType);
    }
}
