using System.Collections.Immutable;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Tests.Support;

/// <summary>Hand-made hosts and requests for the unit tests.</summary>
internal static class Fleet
{
    /// <summary>A cell with <paramref name="cores"/> pinnable cores (two threads each when <paramref name="smt"/>), CPU ids from <paramref name="firstCpu"/>.</summary>
    public static NumaCellInventory Cell(
        int id, int firstCpu, int cores, bool smt = true, int sharedCores = 1, long memoryMiB = 16384,
        int pages2M = 0, int pages1G = 0, params VfPool[] vfs)
    {
        var pinnable = new List<int>();
        var shared = new List<int>();
        var siblings = new List<ImmutableArray<int>>();
        var next = firstCpu;
        for (var c = 0; c < sharedCores + cores; c++)
        {
            var threads = smt ? new[] { next, next + 1 } : new[] { next };
            next += threads.Length;
            (c < sharedCores ? shared : pinnable).AddRange(threads);
            siblings.Add([.. threads]);
        }

        var pages = ImmutableDictionary<long, int>.Empty;
        if (pages2M > 0)
        {
            pages = pages.Add(2048, pages2M);
        }

        if (pages1G > 0)
        {
            pages = pages.Add(1048576, pages1G);
        }

        return new NumaCellInventory(id, [.. pinnable], [.. shared], [.. siblings], memoryMiB, pages, [.. vfs]);
    }

    public static HostInventory Host(string name, params NumaCellInventory[] cells) => new(name, "az1", [.. cells]);

    public static HostInventory Host(string name, string zone, params NumaCellInventory[] cells) => new(name, zone, [.. cells]);

    public static PlacementRequest Dedicated(
        string id, int vcpus, ThreadPolicy thread = ThreadPolicy.Prefer, long memoryMiB = 1024, int nodes = 1,
        PageSizeRequest? page = null, ServerGroup? group = null, string? zone = null,
        PciNumaAffinity affinity = PciNumaAffinity.Required, params SrIovPortRequest[] vfs) =>
        new(id, vcpus, memoryMiB, CpuPolicy.Dedicated, thread, nodes, page ?? PageSizeRequest.Small, [.. vfs], affinity, group is null ? [] : [group], zone);

    public static PlacementRequest Shared(string id, int vcpus, long memoryMiB = 1024, ServerGroup? group = null, string? zone = null) =>
        new(id, vcpus, memoryMiB, CpuPolicy.Shared, ThreadPolicy.Prefer, 1, PageSizeRequest.Small, [], PciNumaAffinity.Legacy, group is null ? [] : [group], zone);
}
