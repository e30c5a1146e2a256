namespace NfvMano.Vim.Libvirt.Tests.Inventory;

public sealed class TestDriverInventoryTests
{
    [Fact]
    public async Task Discover_WhenNodeFileDeclaresSriovNics_ReportsPfsVfsNumaAndPhysnets()
    {
        var driver = TestDriverHost.Create();

        var host = Assert.Single(await driver.DiscoverAsync(CancellationToken.None));

        Assert.Equal(SampleServers.Host, host.HostId);
        Assert.Equal(2, host.SriovPhysicalFunctions.Count);
        var a = host.SriovPhysicalFunctions[0];
        Assert.Equal("0000:3b:00.0", a.PciAddress);
        Assert.Equal("ens1f0", a.InterfaceName);
        Assert.Equal(0, a.NumaNode);
        Assert.Equal("physnet-a", a.PhysicalNetwork);
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2", "0000:3b:02.3"], a.VirtualFunctions.Select(v => v.PciAddress));
        var b = host.SriovPhysicalFunctions[1];
        Assert.Equal("physnet-b", b.PhysicalNetwork); // mapped by netdev name, not PCI address
        Assert.All(b.VirtualFunctions, vf => Assert.Equal(1, vf.NumaNode));
        Assert.All(b.VirtualFunctions, vf => Assert.Equal("0000:af:00.0", vf.PhysicalFunction));
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Discover_WhenHostPointsToCapabilitiesFile_TakesTopologyFromIt()
    {
        var driver = TestDriverHost.Create();

        var host = Assert.Single(await driver.DiscoverAsync(CancellationToken.None));

        Assert.Equal(2, host.Cells.Count);
        Assert.Equal(56, host.Cpus.Count());
        Assert.Equal(96, host.Cells[0].PagesOf(1048576)!.Free);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Discover_WhenTestDriverReportsItsOwnCapabilities_HasNoCells()
    {
        // The test driver cannot describe NUMA: this is why hosts may point to a capabilities file.
        var driver = TestDriverHost.Create(capabilitiesFile: null);

        var host = Assert.Single(await driver.DiscoverAsync(CancellationToken.None));

        Assert.Empty(host.Cells);
        Assert.Equal(2, host.SriovPhysicalFunctions.Count);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Discover_WhenTestDefault_ReportsItsFixedTwoCellLayoutWithoutSriov()
    {
        var options = new LibvirtVimOptions { Hosts = [new LibvirtHostOptions { Id = "default", Uri = "test:///default", DomainType = "test" }] };
        var driver = new LibvirtVimDriver(options);

        var host = Assert.Single(await driver.DiscoverAsync(CancellationToken.None));

        Assert.Equal(2, host.Cells.Count);
        Assert.All(host.Cells, c => Assert.Equal(8, c.Cpus.Count));
        Assert.All(host.Cpus, cpu => Assert.Equal([cpu.Id], cpu.Siblings));
        Assert.Empty(host.SriovPhysicalFunctions);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Discover_WhenCapabilitiesFileIsMissing_SaysWhichHostAndFile()
    {
        var driver = TestDriverHost.Create(capabilitiesFile: "Fixtures/does-not-exist.xml");

        var ex = await Assert.ThrowsAsync<VimException>(() => driver.DiscoverAsync(CancellationToken.None));

        Assert.Contains("host compute-0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does-not-exist.xml", ex.Message, StringComparison.Ordinal);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Open_WhenUriIsBad_RaisesLibvirtErrorWithCodeAndMessage()
    {
        var options = new LibvirtVimOptions { Hosts = [new LibvirtHostOptions { Id = "bad", Uri = "test:///no/such/node-file.xml", DomainType = "test" }] };
        await using var driver = new LibvirtVimDriver(options);

        var ex = await Assert.ThrowsAsync<LibvirtException>(() => driver.DiscoverAsync(CancellationToken.None));

        Assert.NotEqual(0, ex.Code);
        Assert.Contains("opening test:///no/such/node-file.xml (host bad)", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(ex.LibvirtMessage));
    }
}
