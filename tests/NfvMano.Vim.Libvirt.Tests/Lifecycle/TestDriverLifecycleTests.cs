using System.Xml.Linq;
using NfvMano.Vim.Events;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Reconciliation;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;

namespace NfvMano.Vim.Libvirt.Tests.Lifecycle;

public sealed class TestDriverLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static VimResourceRef Ref(string name) => new(SampleServers.Host, name);

    [Fact]
    public async Task CreateNetwork_WhenDoneTwice_IsHarmlessAndDeleteTwiceSucceeds()
    {
        var driver = TestDriverHost.Create();

        var first = await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "mgmt"), None);
        var second = await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "mgmt"), None);
        var owned = await driver.ListOwnedAsync(None);
        await driver.DeleteNetworkAsync(Ref("mgmt"), None);
        await driver.DeleteNetworkAsync(Ref("mgmt"), None);
        var after = await driver.ListOwnedAsync(None);

        Assert.Equal(first.Id, second.Id);
        Assert.True(second.Active);
        Assert.Equal([Ref("mgmt")], owned.Networks.Select(n => n.Ref));
        Assert.Empty(after.Networks);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateNetwork_WhenVlanOnProviderNetwork_TagsAPortGroupOnTheProviderBridge()
    {
        var driver = TestDriverHost.Create();

        await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "vl-data", "physnet-a", 120), None);
        var owned = await driver.ListOwnedAsync(None);

        Assert.Contains(owned.Networks, n => n.Ref == Ref("vl-data"));
        var ex = await Assert.ThrowsAsync<VimException>(() => driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "vl-x", "physnet-z", 5), None));
        Assert.Contains("no provider bridge for physical network 'physnet-z'", ex.Message, StringComparison.Ordinal);
        await driver.DeleteNetworkAsync(Ref("vl-data"), None);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateVolume_WhenDoneTwice_ReturnsTheSameVolume()
    {
        var driver = TestDriverHost.Create();

        var first = await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "data", 1L << 30), None);
        var second = await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "data", 1L << 30), None);
        await driver.DeleteVolumeAsync(Ref("data"), None);
        await driver.DeleteVolumeAsync(Ref("data"), None);

        Assert.Equal(first.Path, second.Path);
        Assert.Equal(1L << 30, first.CapacityBytes);
        Assert.EndsWith("/nfv-vol-data", first.Path, StringComparison.Ordinal);
        Assert.Empty((await driver.ListOwnedAsync(None)).Volumes);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateImage_WhenDriverCannotUpload_FailsWithLibvirtCodeAndLeavesNoHalfImage()
    {
        // The test driver has no upload streams; the real-libvirtd test imports an image for real.
        var driver = TestDriverHost.Create();
        var file = Path.Combine(Directory.CreateTempSubdirectory("nfvmano-image-").FullName, "tiny.raw");
        await File.WriteAllBytesAsync(file, new byte[4096]);

        var ex = await Assert.ThrowsAsync<LibvirtException>(() => driver.CreateImageAsync(new ImageSpec(SampleServers.Host, "tiny", file, "raw"), None));

        Assert.Equal(LibvirtErrorCode.NoSupport, ex.Code);
        Assert.Contains("image compute-0/tiny", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await driver.ListOwnedAsync(None)).Images);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task DeleteVolume_WhenThePoolItselfIsGone_Succeeds()
    {
        var options = TestDriverHost.Options();
        var host = options.Hosts[0];
        var driver = new LibvirtVimDriver(new LibvirtVimOptions { Hosts = [new LibvirtHostOptions { Id = host.Id, Uri = host.Uri, DomainType = "test", StoragePool = "no-such-pool" }] });

        await driver.DeleteVolumeAsync(Ref("anything"), None);
        var ex = await Assert.ThrowsAsync<LibvirtException>(() => driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "x", 1 << 20), None));

        Assert.Equal(LibvirtErrorCode.NoStoragePool, ex.Code);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateVolume_WhenBaseImageIsMissing_SaysWhichImage()
    {
        var driver = TestDriverHost.Create();

        var ex = await Assert.ThrowsAsync<VimException>(() => driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "root", 1L << 30, "debian-12"), None));

        Assert.Contains("base image 'debian-12' does not exist", ex.Message, StringComparison.Ordinal);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task ServerLifecycle_WhenDefinedStartedStoppedAndDeleted_WalksTheStatesAndRemovesOwnedVolumes()
    {
        var driver = TestDriverHost.Create();
        var spec = SampleServers.VRouter();
        await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "mgmt"), None);
        await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "vrouter-dp-0-root", 1L << 30), None);

        var created = await driver.CreateServerAsync(spec, None);
        var again = await driver.CreateServerAsync(spec, None);
        Assert.Equal(ServerState.Stopped, created.State);
        Assert.Equal(created.Id, again.Id);
        Assert.Equal(spec.Owner, created.Owner);

        await driver.StartServerAsync(Ref(spec.Name), None);
        await driver.StartServerAsync(Ref(spec.Name), None);
        Assert.Equal(ServerState.Running, await driver.GetServerStateAsync(Ref(spec.Name), None));

        var live = XElement.Parse(await driver.GetServerXmlAsync(Ref(spec.Name), inactive: false, None));
        Assert.Equal(
            ["2", "30", "3", "31", "16", "44", "17", "45"],
            live.Element("cputune")!.Elements("vcpupin").Select(p => (string?)p.Attribute("cpuset")));
        Assert.Equal("1048576", (string?)live.Element("memoryBacking")!.Element("hugepages")!.Element("page")!.Attribute("size"));

        await driver.RebootServerAsync(Ref(spec.Name), None);
        Assert.Equal(StopOutcome.Graceful, await driver.StopServerAsync(Ref(spec.Name), TimeSpan.FromSeconds(5), None));
        Assert.Equal(StopOutcome.AlreadyStopped, await driver.StopServerAsync(Ref(spec.Name), TimeSpan.FromSeconds(5), None));

        await driver.DeleteServerAsync(Ref(spec.Name), None);
        await driver.DeleteServerAsync(Ref(spec.Name), None);

        Assert.Null(await driver.GetServerStateAsync(Ref(spec.Name), None));
        var owned = await driver.ListOwnedAsync(None);
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Volumes); // the root volume went with the server
        await driver.DeleteNetworkAsync(Ref("mgmt"), None);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task DeleteServer_WhenVolumeIsNotOwnedByTheServer_KeepsTheVolume()
    {
        var driver = TestDriverHost.Create();
        var spec = SampleServers.Storage();
        await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "storage-0-root", 1L << 30), None);
        await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "storage-0-data", 1L << 31), None);
        await driver.CreateServerAsync(spec, None);

        await driver.DeleteServerAsync(Ref(spec.Name), None);

        Assert.Equal([Ref("storage-0-data")], (await driver.ListOwnedAsync(None)).Volumes.Select(v => v.Ref));
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task StartServer_WhenItDoesNotExist_RaisesNoDomain()
    {
        var driver = TestDriverHost.Create();

        var ex = await Assert.ThrowsAsync<LibvirtException>(() => driver.StartServerAsync(Ref("ghost"), None));

        Assert.Equal(LibvirtErrorCode.NoDomain, ex.Code);
        Assert.Contains("compute-0/ghost", ex.Message, StringComparison.Ordinal);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateServer_WhenHostIsUnknown_SaysWhichHostsExist()
    {
        var driver = TestDriverHost.Create();

        var ex = await Assert.ThrowsAsync<VimException>(() => driver.CreateServerAsync(SampleServers.Firewall("compute-9"), None));

        Assert.Contains("host 'compute-9' is not part of this libvirt VIM (known: compute-0)", ex.Message, StringComparison.Ordinal);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task CreateServer_WhenHostUsesHostdevNetworks_CreatesThePhysnetNetwork()
    {
        var driver = TestDriverHost.Create(sriov: SriovAttachment.HostdevNetwork);

        await driver.CreateServerAsync(SampleServers.Firewall(), None);
        var xml = XElement.Parse(await driver.GetServerXmlAsync(Ref("fw-0"), inactive: true, None));

        Assert.Equal("nfv-physnet-physnet-b", (string?)xml.Element("devices")!.Element("interface")!.Element("source")!.Attribute("network"));
        // The per-physnet pool network is infrastructure, not a virtual link: it is not listed as ours.
        Assert.Empty((await driver.ListOwnedAsync(None)).Networks);
        await driver.DeleteServerAsync(Ref("fw-0"), None);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task AttachPort_WhenDriverCannotHotPlug_RaisesLibvirtNoSupport()
    {
        // The test driver implements no device hot-plug; the real-libvirtd test covers the success path.
        var driver = TestDriverHost.Create();
        await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "mgmt"), None);
        await driver.CreateServerAsync(SampleServers.Storage(), None);

        var ex = await Assert.ThrowsAsync<LibvirtException>(
            () => driver.AttachPortAsync(Ref("storage-0"), new VirtioPortSpec("mgmt", "52:54:00:aa:bb:01"), None));
        await driver.DetachPortAsync(Ref("storage-0"), "52:54:00:aa:bb:01", None); // not attached: nothing to do

        Assert.Equal(LibvirtErrorCode.NoSupport, ex.Code);
        Assert.Contains("attaching a port on mgmt to server compute-0/storage-0", ex.Message, StringComparison.Ordinal);
        await driver.DeleteServerAsync(Ref("storage-0"), None);
        await driver.DeleteNetworkAsync(Ref("mgmt"), None);
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task WatchEvents_WhenServerStartsAndStops_DeliversLifecycleEvents()
    {
        var driver = TestDriverHost.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<ServerEvent>();
        var watching = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            await using var e = driver.WatchEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
            var next = e.MoveNextAsync();
            watching.SetResult();
            while (await next)
            {
                seen.Add(e.Current);
                if (e.Current.Kind == ServerEventKind.Undefined)
                {
                    return;
                }

                next = e.MoveNextAsync();
            }
        });
        await watching.Task;
        await Task.Delay(200); // the watcher registers, and the connection with its callback opens

        await driver.CreateServerAsync(SampleServers.Storage(), None);
        await driver.StartServerAsync(Ref("storage-0"), None);
        await driver.StopServerAsync(Ref("storage-0"), TimeSpan.FromSeconds(2), None);
        await driver.DeleteServerAsync(Ref("storage-0"), None);
        await reader;

        Assert.All(seen, e => Assert.Equal(Ref("storage-0"), e.Server));
        Assert.Equal(
            [ServerEventKind.Defined, ServerEventKind.Started, ServerEventKind.Stopped, ServerEventKind.Undefined],
            seen.Select(e => e.Kind).Where(k => k != ServerEventKind.Shutdown));
        TestDriverHost.AssertNoLeaks(driver);
    }

    [Fact]
    public async Task Reconcile_WhenVimHoldsOrphans_ReportsThemAndRemovesThemWhenAsked()
    {
        var driver = TestDriverHost.Create();
        await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "mgmt"), None);
        await driver.CreateNetworkAsync(new NetworkSpec(SampleServers.Host, "stale-net"), None);
        await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "storage-0-root", 1L << 30), None);
        await driver.CreateVolumeAsync(new VolumeSpec(SampleServers.Host, "stale-vol", 1L << 30), None);
        await driver.CreateServerAsync(SampleServers.Storage(), None);
        await driver.CreateServerAsync(SampleServers.Firewall(), None);
        await driver.StartServerAsync(Ref("fw-0"), None);
        var expected = new ExpectedResources(
            new HashSet<VimResourceRef> { Ref("storage-0"), Ref("lost-server") },
            new HashSet<VimResourceRef> { Ref("mgmt") },
            new HashSet<VimResourceRef> { Ref("storage-0-root") },
            new HashSet<VimResourceRef>());

        var report = await VimReconciler.ReconcileAsync(driver, expected, removeOrphans: false, None);
        var fixedReport = await VimReconciler.ReconcileAsync(driver, expected, removeOrphans: true, None);
        var final = await VimReconciler.ReconcileAsync(driver, expected, removeOrphans: false, None);

        Assert.Equal([Ref("fw-0")], report.OrphanServers);
        Assert.Equal([Ref("stale-net")], report.OrphanNetworks);
        Assert.Equal([Ref("stale-vol")], report.OrphanVolumes);
        Assert.Equal([Ref("lost-server")], report.Missing);
        Assert.Empty(report.Removed);
        Assert.Equal([Ref("fw-0"), Ref("stale-vol"), Ref("stale-net")], fixedReport.Removed);
        Assert.Empty(fixedReport.Failures);
        Assert.Empty(final.OrphanServers);
        Assert.Empty(final.OrphanNetworks);
        Assert.Empty(final.OrphanVolumes);
        Assert.Equal([Ref("lost-server")], final.Missing);
        Assert.False(final.InSync);
        TestDriverHost.AssertNoLeaks(driver);
    }
}
