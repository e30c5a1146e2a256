using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Servers;
using NfvMano.Vim.Storage;
using Xunit.Abstractions;

namespace NfvMano.Vim.Libvirt.Tests.EndToEnd;

/// <summary>
/// A real libvirtd and QEMU (TCG): a tiny guest with 2 guest NUMA cells, pinned vCPUs and 2 MiB
/// hugepages boots and prints its marker line on the serial console; teardown leaves nothing behind.
/// </summary>
public sealed class RealGuestBootTests(ITestOutputHelper output)
{
    private const string HostId = "local";
    private const string Marker = "NFVMANO-GUEST-UP";
    private const int GuestMemoryMiB = 256;
    private static readonly CancellationToken None = CancellationToken.None;

    [LibvirtdFact]
    public async Task Boot_WhenGuestHasTwoCellsPinnedVcpusAndHugepages_PrintsMarkerAndTeardownLeavesNothing()
    {
        var uri = Environment.GetEnvironmentVariable("NFVMANO_LIBVIRTD_URI")!;
        var kernel = RequiredFile("NFVMANO_GUEST_KERNEL");
        var initrd = RequiredFile("NFVMANO_GUEST_INITRD");
        var work = Directory.CreateTempSubdirectory("nfvmano-e2e-");
        var console = Path.Combine(work.FullName, "console.log");
        var blank = Path.Combine(work.FullName, "blank.raw");
        await File.WriteAllBytesAsync(blank, new byte[1 << 20]);
        var options = new LibvirtVimOptions
        {
            NamePrefix = "nfve2e-",
            Hosts =
            [
                new LibvirtHostOptions
                {
                    Id = HostId,
                    Uri = uri,
                    DomainType = "qemu", // KVM hangs on these machines: TCG
                    StoragePool = "nfve2e-pool",
                    StoragePoolPath = Path.Combine(Path.GetTempPath(), "nfvmano-e2e-pool"),
                },
            ],
        };
        var driver = new LibvirtVimDriver(options);
        var server = new VimResourceRef(HostId, "guest-0");
        var spec = new ServerSpec
        {
            HostId = HostId,
            Name = server.Name,
            Owner = new ServerOwner("e2e-vnf-instance", "e2e-vnfc-0"),
            VcpuCount = 2,
            MemoryMiB = GuestMemoryMiB,
            Pinning = new CpuPinning([0, 1], [0, 1]),
            // The host has one NUMA node: both guest cells take their memory from host cell 0.
            GuestCells = [new GuestNumaCell(0, [0], GuestMemoryMiB / 2, 0), new GuestNumaCell(1, [1], GuestMemoryMiB / 2, 0)],
            PageSizeKiB = 2048,
            VirtioPorts = [new VirtioPortSpec("e2e-net")],
            Disks = [new DiskSpec("guest-0-data")],
            DirectKernel = new DirectKernelBoot(kernel, initrd, "console=ttyS0 panic=-1 quiet"),
            ConsoleLogPath = console,
        };
        var hugeFreeBefore = HugePagesFree();
        var topology = Assert.Single(await driver.DiscoverAsync(None));
        Assert.NotEmpty(topology.Cells);
        Assert.Equal(Environment.ProcessorCount, topology.Cpus.Count());
        Assert.Equal(hugeFreeBefore, topology.Cells.Sum(c => c.PagesOf(2048)?.Free ?? 0)); // live virNodeGetFreePages
        try
        {
            await driver.CreateNetworkAsync(new NetworkSpec(HostId, "e2e-net"), None);
            await driver.CreateImageAsync(new ImageSpec(HostId, "blank", blank, "raw"), None);
            await driver.CreateVolumeAsync(new VolumeSpec(HostId, "guest-0-data", 64L << 20, BaseImage: "blank"), None);
            await driver.CreateServerAsync(spec, None);
            var clock = Stopwatch.StartNew();
            await driver.StartServerAsync(server, None);
            output.WriteLine($"start took {clock.ElapsedMilliseconds} ms");

            var line = await WaitForMarkerAsync(console, TimeSpan.FromSeconds(90));
            output.WriteLine($"console after {clock.ElapsedMilliseconds} ms: {line}");
            Assert.Contains("nodes=2 cpus=2", line, StringComparison.Ordinal);

            Assert.Equal([[0], [1]], await driver.GetVcpuPinningAsync(server, 2, None));
            var live = XElement.Parse(await driver.GetServerXmlAsync(server, inactive: false, None));
            Assert.Equal("2048", (string?)live.Element("memoryBacking")!.Element("hugepages")!.Element("page")!.Attribute("size"));
            Assert.Equal(["0", "1"], live.Element("numatune")!.Elements("memnode").Select(m => (string?)m.Attribute("cellid")));
            Assert.Equal(2, live.Element("cpu")!.Element("numa")!.Elements("cell").Count());
            Assert.True(
                HugePagesFree() <= hugeFreeBefore - (GuestMemoryMiB / 2),
                $"the guest should hold {GuestMemoryMiB / 2} hugepages: free before {hugeFreeBefore}, now {HugePagesFree()}");
            var whileRunning = Assert.Single(await driver.DiscoverAsync(None));
            Assert.Equal(HugePagesFree(), whileRunning.Cells.Sum(c => c.PagesOf(2048)?.Free ?? 0));
            var owned = await driver.ListOwnedAsync(None);
            var listed = Assert.Single(owned.Servers);
            Assert.Equal(spec.Owner, listed.Owner);
            Assert.Equal(ServerState.Running, listed.State);
            Assert.Equal([new VimResourceRef(HostId, "guest-0-data")], owned.Volumes.Select(v => v.Ref));
            Assert.Equal([new VimResourceRef(HostId, "blank")], owned.Images.Select(i => i.Ref));

            await driver.AttachPortAsync(server, new VirtioPortSpec("e2e-net", "52:54:00:e2:e0:01"), None);
            var withPort = await driver.GetServerXmlAsync(server, inactive: false, None);
            Assert.Contains("52:54:00:e2:e0:01", withPort, StringComparison.Ordinal);
            // A live unplug returns only once the guest has released the device, so the MAC can be plugged again at once.
            await driver.DetachPortAsync(server, "52:54:00:e2:e0:01", None);
            Assert.DoesNotContain("52:54:00:e2:e0:01", await driver.GetServerXmlAsync(server, inactive: false, None), StringComparison.Ordinal);
            Assert.DoesNotContain("52:54:00:e2:e0:01", await driver.GetServerXmlAsync(server, inactive: true, None), StringComparison.Ordinal);
            await driver.AttachPortAsync(server, new VirtioPortSpec("e2e-net", "52:54:00:e2:e0:01"), None);
            await driver.AttachPortAsync(server, new VirtioPortSpec("e2e-net", "52:54:00:e2:e0:01"), None);
            var replugged = await driver.GetServerXmlAsync(server, inactive: false, None);
            Assert.Single(System.Xml.Linq.XElement.Parse(replugged).Descendants("mac"), m => (string?)m.Attribute("address") == "52:54:00:e2:e0:01");

            // busybox has no ACPI handler: the grace period runs out and the adapter powers it off.
            var outcome = await driver.StopServerAsync(server, TimeSpan.FromSeconds(2), None);
            Assert.Equal(StopOutcome.Forced, outcome);
            Assert.Equal(ServerState.Stopped, await driver.GetServerStateAsync(server, None));
        }
        finally
        {
            await driver.DeleteServerAsync(server, None);
            await driver.DeleteVolumeAsync(new VimResourceRef(HostId, "guest-0-data"), None);
            await driver.DeleteImageAsync(new VimResourceRef(HostId, "blank"), None);
            await driver.DeleteNetworkAsync(new VimResourceRef(HostId, "e2e-net"), None);
        }

        var left = await driver.ListOwnedAsync(None);
        Assert.Empty(left.Servers);
        Assert.Empty(left.Networks);
        Assert.Empty(left.Volumes);
        Assert.Empty(left.Images);
        Assert.Equal(hugeFreeBefore, HugePagesFree());
        Assert.All(driver.CloseConnections(), kv => Assert.Equal(0, kv.Value));
        work.Delete(recursive: true);
    }

    private static string RequiredFile(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        Assert.False(string.IsNullOrEmpty(path), $"{variable} must point to the guest file when NFVMANO_LIBVIRTD_URI is set (tests/support/libvirt/up.sh prints both).");
        Assert.True(File.Exists(path), $"{variable}={path} does not exist.");
        return path;
    }

    private static async Task<string> WaitForMarkerAsync(string console, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (File.Exists(console))
            {
                await using var stream = new FileStream(console, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var text = await reader.ReadToEndAsync();
                var line = text.Split('\n').FirstOrDefault(l => l.Contains(Marker, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line.Trim();
                }
            }

            await Task.Delay(250);
        }

        var tail = File.Exists(console) ? File.ReadAllText(console) : "(no console file)";
        Assert.Fail($"the guest did not print {Marker} within {timeout.TotalSeconds} s; console:\n{tail[Math.Max(0, tail.Length - 2000)..]}");
        return "";
    }

    /// <summary>Free 2 MiB hugepages of this machine (libvirtd runs here in the test set-up).</summary>
    private static long HugePagesFree()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("HugePages_Free:", StringComparison.Ordinal));
        return long.Parse(line["HugePages_Free:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
