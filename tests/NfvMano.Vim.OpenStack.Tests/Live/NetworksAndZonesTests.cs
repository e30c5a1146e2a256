using System.Text.Json.Nodes;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>
/// Subnets of virtual links and availability zones of servers on the real Neutron and Nova of
/// tests/support/openstack/up.sh. The zone test puts nfv-compute-2 alone into an availability zone of its own (a host
/// aggregate, as an operator would) for its duration.
/// </summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class NetworksAndZonesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [OpenStackFact]
    public async Task VirtualLink_WithItsProtocolData_IsANetworkWithItsSubnets_CreatedOnce_AndDeletedWithThem()
    {
        await using var driver = new OpenStackVimDriver(LiveCloud.Connect(), TimeProvider.System);
        var neutron = driver.Cloud.Neutron;
        var vim = driver.Cloud.Options.Region;
        var stem = LiveCloud.Unique("vl");
        var spec = new NetworkSpec(vim, stem)
        {
            NetworkType = "vxlan",
            Mtu = 1400,
            Subnets = [new SubnetSpec("169.254.100.0/24", 4, DhcpEnabled: false), new SubnetSpec("fd6e:6676:6d00:7::/64", 6, DhcpEnabled: false)],
        };
        string? id = null;
        try
        {
            var network = await driver.CreateNetworkAsync(spec, None);
            id = network.Id;
            var neutronNetwork = await driver.Cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/networks/{id}", cancellationToken: None);
            Assert.Equal("vxlan", (string?)neutronNetwork!["network"]!["provider:network_type"]);
            Assert.Equal(1400, (int?)neutronNetwork["network"]!["mtu"]);

            var subnets = await neutron.ListSubnetsAsync(id, None);
            Assert.Equal(["169.254.100.0/24", "fd6e:6676:6d00:7::/64"], subnets.Select(s => s.Cidr));
            Assert.Equal([4, 6], subnets.Select(s => s.IpVersion));
            Assert.All(subnets, s => Assert.False(s.EnableDhcp));
            Assert.Equal("169.254.100.1", subnets[0].GatewayIp);
            Assert.Equal(subnets.Select(s => s.Id), network.Subnets.Select(s => s.Id));

            // A retry (the step ran again after a crash) finds both and adds nothing.
            var again = await driver.CreateNetworkAsync(spec, None);
            Assert.Equal(network.Id, again.Id);
            Assert.Equal(network.Subnets, again.Subnets);
            Assert.Equal(2, (await neutron.ListSubnetsAsync(id, None)).Count);

            await driver.DeleteNetworkAsync(network.Ref, None);
            Assert.Null(await neutron.GetNetworkAsync(id, None));
            Assert.Empty(await neutron.ListSubnetsAsync(id, None));
            foreach (var subnet in subnets)
            {
                Assert.Null(await driver.Cloud.Http.SendAsync("network", HttpMethod.Get, $"/v2.0/subnets/{subnet.Id}", allowNotFound: true, cancellationToken: None));
            }
        }
        finally
        {
            if (id is not null)
            {
                await neutron.DeleteNetworkAsync(id, None);
            }
        }
    }

    [OpenStackFact]
    public async Task Server_InTheGrantsZone_LandsInIt_AndTheZoneIsReadBack_NovasDefaultZoneToo_AnUnknownZoneIsRefused()
    {
        await using var driver = new OpenStackVimDriver(LiveCloud.Connect(), TimeProvider.System);
        var http = driver.Cloud.Http;
        var vim = driver.Cloud.Options.Region;
        var stem = LiveCloud.Unique("az");
        var zone = stem + "-zone";
        var image = new VimResourceRef(vim, stem);
        var network = new VimResourceRef(vim, stem + "-net");
        ServerSpec Spec(string name, string? az) => new()
        {
            HostId = vim,
            Name = name,
            Owner = new ServerOwner("vnf-az", name),
            VcpuCount = 1,
            MemoryMiB = 256,
            VirtioPorts = [new VirtioPortSpec(network.Name)],
            Scheduling = new ServerSchedulingHints { Image = stem, AvailabilityZone = az },
        };
        var servers = new[] { stem + "-edge", stem + "-nova", stem + "-nowhere" };
        string? aggregate = null;
        try
        {
            aggregate = await LiveCloud.ZoneOfComputeTwoAsync(driver.Cloud, zone);

            await LiveCloud.RandomImageAsync(driver, stem);
            await driver.CreateNetworkAsync(new NetworkSpec(vim, network.Name) { Subnets = [new SubnetSpec("172.16.0.0/24")] }, None);

            var edge = await driver.CreateServerAsync(Spec(servers[0], zone), None);
            Assert.Equal(zone, edge.Zone);
            Assert.Equal("nfv-compute-2", (await driver.GetPlacementAsync(edge.Ref, None)).Host);
            var novaSays = await http.SendAsync("compute", HttpMethod.Get, $"/servers/{edge.Id}", cancellationToken: None);
            Assert.Equal(zone, (string?)novaSays!["server"]!["OS-EXT-AZ:availability_zone"]);

            // Nova's default zone holds every host in no zone of its own: here nfv-compute-1 only.
            var inNova = await driver.CreateServerAsync(Spec(servers[1], "nova"), None);
            Assert.Equal("nova", inNova.Zone);
            Assert.Equal("nfv-compute-1", (await driver.GetPlacementAsync(inNova.Ref, None)).Host);

            var refused = await Assert.ThrowsAsync<OpenStackException>(() => driver.CreateServerAsync(Spec(servers[2], stem + "-no-such-zone"), None));
            Assert.Equal("compute", refused.Service);
            Assert.Contains("availability zone", refused.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            foreach (var name in servers)
            {
                await driver.DeleteServerAsync(new VimResourceRef(vim, name), None);
            }

            await LiveCloud.RemoveZoneAsync(driver.Cloud, aggregate);

            await driver.DeleteNetworkAsync(network, None);
            await driver.DeleteImageAsync(image, None);
        }

        var left = await driver.ListOwnedAsync(None);
        Assert.DoesNotContain(left.Servers, s => s.Ref.Name.Contains(stem, StringComparison.Ordinal));
        Assert.DoesNotContain(left.Networks, n => n.Ref.Name.Contains(stem, StringComparison.Ordinal));
    }

    [OpenStackFact]
    public async Task ZonePeerGroups_PutAnotherMembersServerInAnotherZone_OrInTheSameZone_AndAConflictingZoneIsRefused()
    {
        await using var driver = new OpenStackVimDriver(LiveCloud.Connect(), TimeProvider.System);
        var vim = driver.Cloud.Options.Region;
        var stem = LiveCloud.Unique("zpeer");
        var zone = stem + "-zone";
        var apart = new PeerGroup($"ns-{stem}/apart", Affinity: false, HostScope: false, "");
        var together = new PeerGroup($"ns-{stem}/together", Affinity: true, HostScope: false, "");
        ServerSpec Spec(string vnfc, string member, string? az, params PeerGroup[] groups) => new()
        {
            HostId = vim,
            Name = $"{stem}-{vnfc}",
            Owner = new ServerOwner(member, vnfc),
            VcpuCount = 1,
            MemoryMiB = 256,
            Scheduling = new ServerSchedulingHints { Image = stem, AvailabilityZone = az, PeerGroups = [.. groups.Select(g => g with { Member = member })] },
        };
        var names = new[] { "a1", "b1", "c1", "d1" };
        string? aggregate = null;
        try
        {
            aggregate = await LiveCloud.ZoneOfComputeTwoAsync(driver.Cloud, zone);
            await LiveCloud.RandomImageAsync(driver, stem);

            var a = await driver.CreateServerAsync(Spec("a1", "vnf-a", zone, apart, together), None);
            Assert.Equal(zone, a.Zone);
            // No zone asked for: the rule chooses one the other member is not in.
            var b = await driver.CreateServerAsync(Spec("b1", "vnf-b", null, apart), None);
            Assert.Equal("nova", b.Zone);
            var c = await driver.CreateServerAsync(Spec("c1", "vnf-c", null, together), None);
            Assert.Equal(zone, c.Zone);

            var refused = await Assert.ThrowsAsync<NoValidHostException>(() => driver.CreateServerAsync(Spec("d1", "vnf-d", zone, apart), None));
            Assert.Contains($"anti-affinity group {apart.Name} keeps it out of zone {zone}", refused.Fault, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var vnfc in names)
            {
                await driver.DeleteServerAsync(new VimResourceRef(vim, $"{stem}-{vnfc}"), None);
            }

            await LiveCloud.RemoveZoneAsync(driver.Cloud, aggregate);

            await driver.DeleteImageAsync(new VimResourceRef(vim, stem), None);
        }

        var left = await driver.ListOwnedAsync(None);
        Assert.DoesNotContain(left.Servers, s => s.Ref.Name.Contains(stem, StringComparison.Ordinal));
    }
}
