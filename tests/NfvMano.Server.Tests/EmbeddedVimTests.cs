using Microsoft.Extensions.DependencyInjection;
using NfvMano.Testing;
using NfvMano.Vim;

namespace NfvMano.Server.Tests;

public sealed class EmbeddedVimTests
{
    [Fact]
    public async Task Server_WithNoVimConfigured_OffersThreeMultiNumaTestDriverHostsWithSrIov()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database);
        using var client = server.CreateClient();
        var vim = server.Services.GetRequiredService<IVimDriver>();

        var hosts = await vim.DiscoverAsync(CancellationToken.None);

        Assert.Equal(["embedded-1", "embedded-2", "embedded-3"], hosts.Select(h => h.HostId).Order());
        Assert.All(hosts, host =>
        {
            Assert.Equal(2, host.Cells.Count);
            Assert.All(host.Cells, cell => Assert.NotEmpty(cell.Cpus));
            Assert.Equal(["physnet-data1", "physnet-data2"], host.SriovPhysicalFunctions.Select(pf => pf.PhysicalNetwork).Order());
            Assert.All(host.SriovPhysicalFunctions, pf => Assert.All(pf.VirtualFunctions, vf => Assert.Equal(pf.NumaNode, vf.NumaNode)));
        });
        var xeon = hosts.Single(h => h.HostId == "embedded-1");
        Assert.Contains(xeon.Cells[0].Cpus, cpu => cpu.Siblings.Count == 2);
        Assert.Contains(xeon.Cells[0].Pages, p => p.SizeKiB == 1048576 && p.Total > 0);
        Assert.Contains(xeon.Cells[0].Pages, p => p.SizeKiB == 2048 && p.Total > 0);
    }

    [Fact]
    public async Task Server_WithAHostConfigured_UsesOnlyThatHost()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, new Dictionary<string, string?>
        {
            ["NfvMano:Vim:Libvirt:Hosts:0:Id"] = "lab-1",
            ["NfvMano:Vim:Libvirt:Hosts:0:Uri"] = "test:///default",
            ["NfvMano:Vim:Libvirt:Hosts:0:DomainType"] = "test",
        });
        using var client = server.CreateClient();

        var hosts = await server.Services.GetRequiredService<IVimDriver>().DiscoverAsync(CancellationToken.None);

        Assert.Equal("lab-1", Assert.Single(hosts).HostId);
    }
}
