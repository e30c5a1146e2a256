using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.OpenStack.Tests.Live;

/// <summary>The <see cref="IVimDriver"/> contract over the real OpenStack of tests/support/openstack/up.sh.</summary>
[Collection(LiveOpenStackCollection.Name)]
public sealed class OpenStackVimDriverTests
{
    [OpenStackFact]
    public async Task ServerSpecWithCellsPagesAndVfs_IsRealisedByNova_ThenStartStopDeleteLeaveNothing()
    {
        var ct = CancellationToken.None;
        await using var driver = new OpenStackVimDriver(LiveCloud.Connect(), TimeProvider.System);
        var stem = LiveCloud.Unique("drv");
        var vim = driver.Cloud.Options.Region;
        var imageRef = new VimResourceRef(vim, stem);
        var mgmtRef = new VimResourceRef(vim, stem + "-mgmt");
        var spec = new ServerSpec
        {
            HostId = vim,
            Name = stem,
            Owner = new ServerOwner("vnf-1", "vnfc-1"),
            VcpuCount = 4,
            MemoryMiB = 4096,
            Pinning = new CpuPinning([0, 0, 0, 0], []),
            GuestCells = [new GuestNumaCell(0, [0, 1], 2048, 0), new GuestNumaCell(1, [2, 3], 2048, 1)],
            PageSizeKiB = 2048,
            SriovPorts = [new SriovPortSpec("0000:00:00.0", 150, "physnet-data1"), new SriovPortSpec("0000:00:00.0", 250, "physnet-data2")],
            VirtioPorts = [new VirtioPortSpec(stem + "-mgmt")],
            Scheduling = new ServerSchedulingHints { Image = stem, CpuThreadPolicy = "prefer", PciNumaAffinity = "preferred" },
        };
        var serverRef = new VimResourceRef(vim, stem);
        try
        {
            var image = await LiveCloud.RandomImageAsync(driver, stem, 8192);
            var mgmt = await driver.CreateNetworkAsync(new NetworkSpec(vim, stem + "-mgmt"), ct);
            var server = await driver.CreateServerAsync(spec, ct);
            Assert.Equal(stem, server.Ref.Name);
            Assert.Equal(ServerState.Stopped, await driver.GetServerStateAsync(server.Ref, ct));
            await driver.StartServerAsync(server.Ref, ct);
            Assert.Equal(ServerState.Running, await driver.GetServerStateAsync(server.Ref, ct));

            var placed = await driver.GetPlacementAsync(server.Ref, ct);
            Assert.Equal(2048, placed.PageSizeKiB);
            Assert.Equal(2, placed.Nodes.Count);
            Assert.Equal(4, placed.Allocations["PCPU"]);
            var vfs = placed.Ports.Where(p => p.VnicType == "direct").ToList();
            Assert.Equal(["physnet-data1", "physnet-data2"], vfs.Select(v => v.PhysicalNetwork).Order());
            Assert.All(vfs, v => Assert.Equal("hw_veb", v.VifType));
            Assert.Contains(placed.Ports, p => p.VnicType == "normal" && p.VifType == "ovs");

            var owned = await driver.ListOwnedAsync(ct);
            Assert.Contains(owned.Servers, s => s.Id == server.Id && s.Owner == new ServerOwner("vnf-1", "vnfc-1"));
            Assert.Contains(owned.Networks, n => n.Id == mgmt.Id);
            Assert.Contains(owned.Images, i => i.Ref.Name == image.Ref.Name);

            Assert.Equal(StopOutcome.Graceful, await driver.StopServerAsync(server.Ref, TimeSpan.FromSeconds(5), ct));
            Assert.Equal(StopOutcome.AlreadyStopped, await driver.StopServerAsync(server.Ref, TimeSpan.FromSeconds(5), ct));
        }
        finally
        {
            await driver.DeleteServerAsync(serverRef, ct);
            await driver.DeleteNetworkAsync(mgmtRef, ct);
            await driver.DeleteNetworkAsync(new VimResourceRef(vim, "physnet-data1-vlan150"), ct);
            await driver.DeleteNetworkAsync(new VimResourceRef(vim, "physnet-data2-vlan250"), ct);
            await driver.DeleteImageAsync(imageRef, ct);
            // Flavors are shared and reused across servers, so deleting a server keeps its flavor; this test removes it.
            var flavor = OpenStack.Flavors.EpaTranslation.Translate(OpenStackVimDriver.FlavorRequestOf(spec));
            if (await driver.Cloud.Nova.FindFlavorAsync(flavor, ct) is { } flavorId)
            {
                await driver.Cloud.Nova.DeleteFlavorAsync(flavorId, ct);
            }
        }

        Assert.Null(await driver.GetServerStateAsync(serverRef, ct));
        await driver.DeleteServerAsync(serverRef, ct);
        var left = await driver.ListOwnedAsync(ct);
        Assert.DoesNotContain(left.Servers, s => s.Ref.Name.EndsWith(stem, StringComparison.Ordinal));
        Assert.DoesNotContain(left.Networks, n => n.Ref.Name.StartsWith("nfv-" + stem, StringComparison.Ordinal) || n.Ref.Name.Contains("vlan150", StringComparison.Ordinal));
        Assert.DoesNotContain(left.Images, i => i.Ref.Name == stem);
    }

    [OpenStackFact]
    public async Task PeerGroups_KeepOtherMembersServersOffOrOnTheirHosts_OwnMembersServersDoNotCount_AndNoHostLeftSaysWhy()
    {
        var ct = CancellationToken.None;
        await using var driver = new OpenStackVimDriver(LiveCloud.Connect(), TimeProvider.System);
        var stem = LiveCloud.Unique("peers");
        var vim = driver.Cloud.Options.Region;
        var apart = new PeerGroup($"ns-{stem}/apart", Affinity: false, HostScope: true, "");
        var together = new PeerGroup($"ns-{stem}/together", Affinity: true, HostScope: true, "");
        ServerSpec Spec(string vnfc, string member, params PeerGroup[] groups) => new()
        {
            HostId = vim,
            Name = $"{stem}-{vnfc}",
            Owner = new ServerOwner(member, vnfc),
            VcpuCount = 1,
            MemoryMiB = 256,
            Scheduling = new ServerSchedulingHints { Image = stem, PeerGroups = [.. groups.Select(g => g with { Member = member })] },
        };
        var names = new[] { "a1", "b1", "c1", "a2", "d1" };
        async Task<string> HostOf(ServerSpec spec) =>
            (await driver.GetPlacementAsync((await driver.CreateServerAsync(spec, ct)).Ref, ct)).Host ?? "(no host)";
        try
        {
            await LiveCloud.RandomImageAsync(driver, stem);

            var a = await HostOf(Spec("a1", "vnf-a", apart, together));
            var b = await HostOf(Spec("b1", "vnf-b", apart));
            Assert.NotEqual(a, b);
            Assert.Equal(a, await HostOf(Spec("c1", "vnf-c", together)));
            // The second server of vnf-a may join its own member's host, and must avoid vnf-b's.
            Assert.Equal(a, await HostOf(Spec("a2", "vnf-a", apart)));

            // Both hosts hold another member's server now.
            var none = await Assert.ThrowsAsync<NoValidHostException>(() => driver.CreateServerAsync(Spec("d1", "vnf-d", apart), ct));
            Assert.Contains($"keep off the hosts of 3 server(s) of group {apart.Name}", none.Fault, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var vnfc in names)
            {
                await driver.DeleteServerAsync(new VimResourceRef(vim, $"{stem}-{vnfc}"), ct);
            }

            await driver.DeleteImageAsync(new VimResourceRef(vim, stem), ct);
        }

        var left = await driver.ListOwnedAsync(ct);
        Assert.DoesNotContain(left.Servers, s => s.Ref.Name.Contains(stem, StringComparison.Ordinal));
    }
}
