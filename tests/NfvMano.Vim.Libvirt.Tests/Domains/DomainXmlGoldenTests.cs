using NfvMano.Vim.Servers;

namespace NfvMano.Vim.Libvirt.Tests.Domains;

/// <summary>
/// The domain XML of the sample VNFCs, compared with reviewed golden files. On a difference the actual
/// XML is written next to the test assembly as <c>*.actual.xml</c> for review; never copy it over blindly.
/// </summary>
public sealed class DomainXmlGoldenTests
{
    private static readonly LibvirtVimOptions Options = new()
    {
        Hosts =
        [
            new LibvirtHostOptions { Id = SampleServers.Host, Uri = "qemu:///system", DomainType = "kvm", Machine = "q35", StoragePool = "nfv-pool" },
        ],
    };

    [Fact]
    public async Task RenderDomainXml_WhenVRouterDataPlane_MatchesGolden() =>
        await AssertGoldenAsync(SampleServers.VRouter(), "vrouter-dp-0.xml");

    [Fact]
    public async Task RenderDomainXml_WhenFirewall_MatchesGolden() =>
        await AssertGoldenAsync(SampleServers.Firewall(), "fw-0.xml");

    [Fact]
    public async Task RenderDomainXml_WhenStorage_MatchesGolden() =>
        await AssertGoldenAsync(SampleServers.Storage(), "storage-0.xml");

    [Fact]
    public async Task RenderDomainXml_WhenHostUsesHostdevNetworks_AttachesVfsThroughThePhysnetNetwork()
    {
        var options = new LibvirtVimOptions
        {
            Hosts = [new LibvirtHostOptions { Id = SampleServers.Host, Uri = "qemu:///system", SriovAttachment = SriovAttachment.HostdevNetwork }],
        };
        await using var driver = new LibvirtVimDriver(options);

        var xml = System.Xml.Linq.XElement.Parse(driver.RenderDomainXml(SampleServers.Firewall()));

        var sriov = xml.Element("devices")!.Elements("interface").Take(2).ToList();
        Assert.All(sriov, i => Assert.Equal("network", (string?)i.Attribute("type")));
        Assert.All(sriov, i => Assert.Equal("nfv-physnet-physnet-b", (string?)i.Element("source")!.Attribute("network")));
        Assert.Equal(["300", "301"], sriov.Select(i => (string?)i.Element("vlan")!.Element("tag")!.Attribute("id")));
    }

    [Fact]
    public async Task RenderDomainXml_WhenSpecIsInconsistent_ReportsEveryProblem()
    {
        await using var driver = new LibvirtVimDriver(Options);
        var bad = SampleServers.VRouter() with
        {
            VcpuCount = 6,
            MemoryMiB = 8000,
            SriovPorts = [new SriovPortSpec("3b:02.0")],
        };

        var ex = Assert.Throws<VimException>(() => driver.RenderDomainXml(bad));

        Assert.Contains("compute-0/vrouter-dp-0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pinning maps 8 vCPUs but VcpuCount is 6", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GuestCells hold 8192 MiB but MemoryMiB is 8000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a multiple of the 1048576 KiB page size", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'3b:02.0' is not a PCI address", ex.Message, StringComparison.Ordinal);
    }

    private static async Task AssertGoldenAsync(ServerSpec spec, string golden)
    {
        await using var driver = new LibvirtVimDriver(Options);
        var actual = driver.RenderDomainXml(spec).ReplaceLineEndings("\n").Trim();
        // The manager version changes with every release; everything else must not change unreviewed.
        var expected = Fixture.Read(Path.Combine("Golden", golden)).ReplaceLineEndings("\n").Trim()
            .Replace("{managerVersion}", LibvirtVimDriver.ManagerVersion, StringComparison.Ordinal);
        if (actual != expected)
        {
            await File.WriteAllTextAsync(Fixture.PathOf(Path.Combine("Golden", Path.ChangeExtension(golden, ".actual.xml"))), actual);
        }

        Assert.Equal(expected, actual);
    }
}
