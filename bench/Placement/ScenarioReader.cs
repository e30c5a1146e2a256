using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Bench;

/// <summary>Reads the kit's scenario format (FORMAT.md §2) into inventories and request entries.</summary>
public static class ScenarioReader
{
    /// <summary>The format this reader understands.</summary>
    public const string Format = "nfvmano-placement-scenario/1";

    /// <summary>Parses a scenario document.</summary>
    /// <exception cref="FormatException">The document is not a scenario of this version; the message says where.</exception>
    public static Scenario Read(JsonDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format != Format)
        {
            throw new FormatException($"format: expected '{Format}', got '{format}'");
        }

        var policy = Str(root, "policy") ?? "spread";
        var preference = policy switch
        {
            "spread" => HostPreference.Spread,
            "pack" => HostPreference.Pack,
            _ => throw new FormatException($"policy: '{policy}' is neither spread nor pack"),
        };
        var ratio = root.TryGetProperty("cpuAllocationRatio", out var r) ? r.GetDouble() : 4.0;
        var hosts = root.GetProperty("hosts").EnumerateArray().Select(ReadHost).ToImmutableArray();
        var entries = root.GetProperty("requests").EnumerateArray().ToImmutableArray();
        var creates = entries.Count(e => (Str(e, "op") ?? "create") == "create");
        return new Scenario(Str(root, "name") ?? "", preference, ratio, hosts, entries, creates);
    }

    /// <summary>Whether an entry is a delete.</summary>
    public static bool IsDelete(JsonElement entry) => Str(entry, "op") == "delete";

    /// <summary>The id of an entry.</summary>
    public static string Id(JsonElement entry) => Str(entry, "id") ?? throw new FormatException("request without id");

    /// <summary>Turns a create entry into a request (FORMAT.md §2.4 defaults).</summary>
    public static PlacementRequest ReadRequest(JsonElement e)
    {
        var id = Id(e);
        var dedicated = Str(e, "cpuPolicy") switch
        {
            "dedicated" => true,
            "shared" => false,
            var other => throw new FormatException($"request {id} cpuPolicy: '{other}' is neither shared nor dedicated"),
        };
        var thread = (Str(e, "cpuThreadPolicy") ?? "prefer") switch
        {
            "prefer" => ThreadPolicy.Prefer,
            "isolate" => ThreadPolicy.Isolate,
            "require" => ThreadPolicy.Require,
            var other => throw new FormatException($"request {id} cpuThreadPolicy: '{other}' is unknown"),
        };
        var affinity = (Str(e, "pciNumaAffinity") ?? "legacy") switch
        {
            "legacy" => PciNumaAffinity.Legacy,
            "required" => PciNumaAffinity.Required,
            "preferred" => PciNumaAffinity.Preferred,
            var other => throw new FormatException($"request {id} pciNumaAffinity: '{other}' is unknown"),
        };
        var sriov = e.TryGetProperty("sriov", out var s)
            ? s.EnumerateArray().Select(p => new SrIovPortRequest(p.GetProperty("physnet").GetString()!, p.GetProperty("count").GetInt32())).ToImmutableArray()
            : [];
        ServerGroup? group = null;
        if (e.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.Object)
        {
            var gp = Str(g, "policy") switch
            {
                "affinity" => GroupPolicy.Affinity,
                "anti-affinity" => GroupPolicy.AntiAffinity,
                var other => throw new FormatException($"request {id} group policy: '{other}' is unknown"),
            };
            group = new ServerGroup(Str(g, "name")!, gp);
        }

        return new PlacementRequest(
            id,
            e.GetProperty("vcpus").GetInt32(),
            e.GetProperty("memoryMiB").GetInt64(),
            dedicated ? CpuPolicy.Dedicated : CpuPolicy.Shared,
            thread,
            e.TryGetProperty("numaNodes", out var n) ? n.GetInt32() : 1,
            PageSizeRequest.Parse(Str(e, "pageSize") ?? "small"),
            sriov,
            affinity,
            group is null ? [] : [group],
            Str(e, "zone"));
    }

    private static HostInventory ReadHost(JsonElement h)
    {
        var name = Str(h, "name") ?? throw new FormatException("host without name");
        var cells = h.GetProperty("numaCells").EnumerateArray().Select(c => new NumaCellInventory(
            c.GetProperty("id").GetInt32(),
            Ints(c, "cpus"),
            Ints(c, "sharedCpus"),
            c.TryGetProperty("siblings", out var sib) ? sib.EnumerateArray().Select(x => x.EnumerateArray().Select(y => y.GetInt32()).ToImmutableArray()).ToImmutableArray() : [],
            c.TryGetProperty("memoryMiB", out var m) ? m.GetInt64() : 0,
            c.TryGetProperty("hugepages", out var hp)
                ? hp.EnumerateObject().ToImmutableDictionary(p => long.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt32())
                : ImmutableDictionary<long, int>.Empty,
            c.TryGetProperty("sriov", out var sr)
                ? sr.EnumerateArray().Select(p => new VfPool(p.GetProperty("physnet").GetString()!, p.GetProperty("vfs").GetInt32())).ToImmutableArray()
                : [])).ToImmutableArray();
        return new HostInventory(name, Str(h, "zone") ?? "nova", cells);
    }

    private static ImmutableArray<int> Ints(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(x => x.GetInt32()).ToImmutableArray() : [];

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
