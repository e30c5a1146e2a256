using System.Globalization;
using System.Diagnostics;
using NfvMano.Vim;
using NfvMano.Vim.Libvirt;
using NfvMano.Vim.Libvirt.Bench;
using NfvMano.Vim.Libvirt.Interop;
using NfvMano.Vim.Servers;

// Usage: NfvMano.Vim.Libvirt.Bench [--iterations N] [--domains N] [--real-iterations N] [--real-domains N]
// Compares define / start / destroy through the adapter with the same libvirt calls made directly
// (raw P/Invoke on its own connection) in the same run, and measures the adapter's memory per domain.
// The real-libvirtd part runs when NFVMANO_LIBVIRTD_URI, NFVMANO_GUEST_KERNEL and NFVMANO_GUEST_INITRD are set.
var iterations = IntArg("--iterations", 300);
var domains = IntArg("--domains", 2000);
var realIterations = IntArg("--real-iterations", 5);
var realDomains = IntArg("--real-domains", 100);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# libvirt adapter benchmark ({DateTime.UtcNow:yyyy-MM-dd}, libvirt {LibvirtRuntime.LibraryVersion()}, {Environment.ProcessorCount} cores)"));

var work = Directory.CreateTempSubdirectory("nfvmano-vim-bench-");
try
{
    string NodeUri()
    {
        var path = Path.Combine(work.FullName, $"node-{Guid.NewGuid():N}.xml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "node.xml"), path);
        return "test://" + path;
    }

    var testHost = new LibvirtHostOptions { Id = "bench", Uri = NodeUri(), DomainType = "test", StoragePool = "nfv-pool" };
    await LatencyAsync("test driver", testHost, NodeUri(), Spec(null, null), iterations);
    await MemoryAsync("test driver", new LibvirtHostOptions { Id = "bench", Uri = NodeUri(), DomainType = "test", StoragePool = "nfv-pool" }, domains, Spec(null, null));

    var uri = Environment.GetEnvironmentVariable("NFVMANO_LIBVIRTD_URI");
    var kernel = Environment.GetEnvironmentVariable("NFVMANO_GUEST_KERNEL");
    var initrd = Environment.GetEnvironmentVariable("NFVMANO_GUEST_INITRD");
    if (!string.IsNullOrEmpty(uri) && File.Exists(kernel) && File.Exists(initrd))
    {
        var realHost = new LibvirtHostOptions { Id = "bench", Uri = uri, DomainType = "qemu", StoragePool = "nfvbench-pool", StoragePoolPath = Path.Combine(work.FullName, "pool") };
        var boot = new DirectKernelBoot(kernel, initrd, "console=ttyS0 panic=-1 quiet");
        await LatencyAsync("real libvirtd (QEMU/TCG)", realHost, uri, Spec(boot, Path.Combine(work.FullName, "console.log")), realIterations);
        await MemoryAsync("real libvirtd (QEMU/TCG, defined only)", realHost, realDomains, Spec(boot, null));
    }
    else
    {
        Console.WriteLine("\n(real libvirtd part skipped: NFVMANO_LIBVIRTD_URI / NFVMANO_GUEST_KERNEL / NFVMANO_GUEST_INITRD not set)");
    }
}
finally
{
    work.Delete(recursive: true);
}

return 0;

static async Task LatencyAsync(string label, LibvirtHostOptions host, string rawUri, Func<string, ServerSpec> spec, int iterations)
{
    var options = new LibvirtVimOptions { NamePrefix = "nfvbench-", Hosts = [host] };
    var driver = new LibvirtVimDriver(options);
    var define = new Samples("adapter define (CreateServerAsync)");
    var start = new Samples("adapter start (StartServerAsync)");
    var destroy = new Samples("adapter destroy + undefine (DeleteServerAsync)");
    var rawDefine = new Samples("raw virDomainDefineXML");
    var rawStart = new Samples("raw virDomainCreate");
    var rawDestroy = new Samples("raw virDomainDestroy + virDomainUndefineFlags");

    using var raw = Native.Check(NativeMethods.virConnectOpen(rawUri), $"opening {rawUri}");
    var none = CancellationToken.None;

    // Warm-up: JIT, connection, pool, first QEMU capability probe.
    await OneAdapterCycleAsync("warm", null, null, null);
    OneRawCycle("warm", null, null, null);

    for (var i = 0; i < iterations; i++)
    {
        // Alternate the order so neither side always runs on a warmer cache.
        if (i % 2 == 0)
        {
            await OneAdapterCycleAsync($"a{i}", define, start, destroy);
            OneRawCycle($"r{i}", rawDefine, rawStart, rawDestroy);
        }
        else
        {
            OneRawCycle($"r{i}", rawDefine, rawStart, rawDestroy);
            await OneAdapterCycleAsync($"a{i}", define, start, destroy);
        }
    }

    Console.WriteLine($"\n## Per-call latency, {label}, {iterations} cycles (ms)\n");
    Console.WriteLine("| call | n | median | p90 | median overhead vs raw |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine(rawDefine.Row(null));
    Console.WriteLine(define.Row(rawDefine));
    Console.WriteLine(rawStart.Row(null));
    Console.WriteLine(start.Row(rawStart));
    Console.WriteLine(rawDestroy.Row(null));
    Console.WriteLine(destroy.Row(rawDestroy));

    raw.Dispose();
    var closes = driver.CloseConnections();
    Console.WriteLine($"virConnectClose: adapter {string.Join(", ", closes.Select(kv => $"{kv.Key}={kv.Value}"))}, raw {raw.CloseResult}");

    async Task OneAdapterCycleAsync(string name, Samples? d, Samples? s, Samples? x)
    {
        var reference = new VimResourceRef(host.Id, name);
        var server = spec(name);
        await Timed(d, () => driver.CreateServerAsync(server, none));
        await Timed(s, () => driver.StartServerAsync(reference, none));
        await Timed(x, () => driver.DeleteServerAsync(reference, none));
    }

    void OneRawCycle(string name, Samples? d, Samples? s, Samples? x)
    {
        var xml = driver.RenderDomainXml(spec(name)).Replace("nfvbench-", "rawbench-", StringComparison.Ordinal);
        var domain = d is null ? Define() : d.Time(Define);
        using (domain)
        {
            _ = s is null ? Start() : s.Time(Start);
            _ = x is null ? Destroy() : x.Time(Destroy);
        }

        DomainHandle Define() => Native.Check(NativeMethods.virDomainDefineXML(raw, xml), "raw define");
        int Start() => Native.Check(NativeMethods.virDomainCreate(domain), "raw start");
        int Destroy() => Native.Check(NativeMethods.virDomainDestroy(domain), "raw destroy") + Native.Check(NativeMethods.virDomainUndefineFlags(domain, 3), "raw undefine");
    }
}

static async Task MemoryAsync(string label, LibvirtHostOptions host, int count, Func<string, ServerSpec> spec)
{
    var options = new LibvirtVimOptions { NamePrefix = "nfvbench-", Hosts = [host] };
    var driver = new LibvirtVimDriver(options);
    var none = CancellationToken.None;
    await driver.CreateServerAsync(spec("warm"), none);
    await driver.DeleteServerAsync(new VimResourceRef(host.Id, "warm"), none);
    _ = await driver.ListOwnedAsync(none);

    var heapBefore = Heap();
    var rssBefore = Rss();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await driver.CreateServerAsync(spec($"m{i}"), none);
    }

    var defineTime = clock.Elapsed;
    var heapAfter = Heap();
    var rssAfter = Rss();
    clock.Restart();
    var owned = await driver.ListOwnedAsync(none);
    var listTime = clock.Elapsed;
    if (owned.Servers.Count != count)
    {
        throw new VimException($"expected {count} servers, listed {owned.Servers.Count}");
    }

    foreach (var s in owned.Servers)
    {
        await driver.DeleteServerAsync(s.Ref, none);
    }

    var closes = driver.CloseConnections();
    Console.WriteLine($"\n## Memory per managed domain, {label}, {count} domains\n");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- managed heap growth: {(heapAfter - heapBefore) / (double)count:F0} bytes per domain (the adapter keeps no per-domain state)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- process RSS growth: {(rssAfter - rssBefore) / 1024.0 / count:F1} KiB per domain{(host.DomainType == "test" ? " (includes the in-process test driver's own domain objects)" : "")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- define {count}: {defineTime.TotalMilliseconds / count:F3} ms each; ListOwnedAsync over {count}: {listTime.TotalMilliseconds:F1} ms ({listTime.TotalMilliseconds / count:F3} ms per domain)"));
    Console.WriteLine($"- virConnectClose after teardown: {string.Join(", ", closes.Select(kv => $"{kv.Key}={kv.Value}"))}");

    static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}

static Func<string, ServerSpec> Spec(DirectKernelBoot? boot, string? console) => name => new ServerSpec
{
    HostId = "bench",
    Name = name,
    Owner = new ServerOwner("bench-vnf", name),
    VcpuCount = 2,
    MemoryMiB = 128,
    Pinning = new CpuPinning([0, 1], [0, 1]),
    GuestCells = [new GuestNumaCell(0, [0], 64, 0), new GuestNumaCell(1, [1], 64, 0)],
    PageSizeKiB = 2048,
    DirectKernel = boot,
    ConsoleLogPath = console,
};

static async Task Timed(Samples? samples, Func<Task> work)
{
    if (samples is null)
    {
        await work();
    }
    else
    {
        await samples.TimeAsync(work);
    }
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
