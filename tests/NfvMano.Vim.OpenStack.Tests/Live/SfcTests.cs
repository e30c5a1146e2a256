using NfvMano.Descriptors.Epa;
using NfvMano.Vim.OpenStack.Compute;
using NfvMano.Vim.OpenStack.Flavors;
using NfvMano.Vim.OpenStack.Networking;

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>VNFFG forwarding paths through the real networking-sfc of tests/support/openstack/up.sh.</summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class SfcTests
{
    [OpenStackFact]
    public async Task Chain_OfTwoHops_IsCreatedInOrderOnce_AndDeleteLeavesNothing()
    {
        var ct = CancellationToken.None;
        var cloud = LiveCloud.Connect();
        var name = LiveCloud.Unique("chain");
        var network = await cloud.Neutron.EnsureNetworkAsync(new NeutronNetworkRequest(name, "vxlan", null, null, "10.30.0.0/24"), ct);
        var flavor = EpaTranslation.Translate(new FlavorRequest(new VduRequirements(
            CpuPolicy.Shared, ThreadPolicy.Unspecified, 1, 256, [], null, PciNumaAffinity.Unspecified, [])));
        string? flavorId = null;
        string? imageId = null;
        var servers = new List<string>();
        try
        {
            flavorId = await cloud.Nova.EnsureFlavorAsync(flavor, ct);
            var imageFile = Path.Combine(Path.GetTempPath(), name + ".raw");
            await File.WriteAllBytesAsync(imageFile, new byte[4096], ct);
            imageId = (await cloud.Glance.EnsureImageAsync(name, imageFile, "raw", null, ct)).Id;
            File.Delete(imageFile);

            async Task<string> Port(string suffix) => await cloud.Neutron.EnsurePortAsync(new NeutronPortRequest($"{name}-{suffix}", network.Id), ct);

            // networking-sfc only chains ports that belong to a server (a VNFC of the service function).
            async Task<(string In, string Out)> ServiceFunction(string sf)
            {
                var ingress = await Port(sf + "-in");
                var egress = await Port(sf + "-out");
                var server = await cloud.Nova.CreateServerAsync(
                    new NovaServerRequest($"{name}-{sf}", flavorId!, imageId!, [ingress, egress], new Dictionary<string, string>()), flavor, ct);
                servers.Add(server.Id);
                return (ingress, egress);
            }

            var source = await Port("src");
            servers.Add((await cloud.Nova.CreateServerAsync(
                new NovaServerRequest($"{name}-src", flavorId, imageId, [source], new Dictionary<string, string>()), flavor, ct)).Id);
            var hops = new[]
            {
                new ChainHop("fw", [await ServiceFunction("fw")]),
                new ChainHop("dpi", [await ServiceFunction("dpi1"), await ServiceFunction("dpi2")]),
            };
            var classifier = new FlowClassifierSpec(source, "tcp", "10.30.0.0/24", "0.0.0.0/0", 80, 80);

            var chain = await cloud.Sfc.EnsureChainAsync(name, hops, [classifier], ct);
            var again = await cloud.Sfc.EnsureChainAsync(name, hops, [classifier], ct);

            Assert.Equal(chain.Id, again.Id);
            Assert.Equal(2, chain.PortPairGroupIds.Count);
            Assert.Single(chain.FlowClassifierIds);
            Assert.NotNull(chain.ChainId);
            // 1 chain + 1 classifier + 2 groups + 3 pairs, and no duplicates from the second call.
            Assert.Equal(7, await cloud.Sfc.CountAsync(name, ct));
        }
        finally
        {
            await cloud.Sfc.DeleteChainAsync(name, ct);
            foreach (var server in servers)
            {
                await cloud.Nova.DeleteServerAsync(server, ct);
            }

            await cloud.Neutron.DeleteNetworkAsync(network.Id, ct);
            if (flavorId is not null)
            {
                await cloud.Nova.DeleteFlavorAsync(flavorId, ct);
            }

            if (imageId is not null)
            {
                await cloud.Glance.DeleteImageAsync(imageId, ct);
            }
        }

        Assert.Equal(0, await cloud.Sfc.CountAsync(name, ct));
        Assert.Null(await cloud.Neutron.FindNetworkAsync(name, ct));
    }
}
