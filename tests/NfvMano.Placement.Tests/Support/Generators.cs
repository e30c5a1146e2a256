using System.Collections.Immutable;
using CsCheck;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Tests.Support;

/// <summary>Random fleets and request/delete streams for the property tests.</summary>
internal static class Generators
{
    private static readonly string[] Physnets = ["p1", "p2"];

    private static readonly ServerGroup[] Groups =
    [
        new("anti-a", GroupPolicy.AntiAffinity),
        new("anti-b", GroupPolicy.AntiAffinity),
        new("aff-c", GroupPolicy.Affinity),
        new("anti-zone", GroupPolicy.AntiAffinity, GroupScope.Zone),
        new("aff-zone", GroupPolicy.Affinity, GroupScope.Zone),
    ];

    private static readonly Gen<(int Cores, bool Smt, int Shared, int MemGiB, int Pages2M, int Pages1G, VfPool[] Vfs)> CellSpec =
        Gen.Select(
            Gen.Int[1, 6],
            Gen.Bool,
            Gen.Int[0, 2],
            Gen.Int[0, 8],
            Gen.Int[0, 4],
            Gen.Int[0, 6],
            Gen.Select(Gen.OneOf(Physnets), Gen.Int[1, 4], (p, n) => new VfPool(p, n)).Array[0, 2]);

    public static readonly Gen<HostInventory[]> Fleet =
        Gen.Select(CellSpec.Array[1, 3], Gen.OneOf("az1", "az2"), (cells, zone) => (cells, zone))
            .Array[1, 5]
            .Select(specs => specs.Select((h, i) => BuildHost($"h{i}", h.zone, h.cells)).ToArray());

    public static readonly Gen<PlacementRequest> Request =
        Gen.Select(
            Gen.Int[1, 5],
            Gen.OneOf(512L, 1024L, 2048L),
            Gen.Int[0, 3],
            Gen.Int[1, 2],
            Gen.OneOf(PageSizeRequest.Small, PageSizeRequest.Large, PageSizeRequest.Any, PageSizeRequest.Of(2048), PageSizeRequest.Of(1048576)),
            Gen.Select(Gen.OneOf(Physnets), Gen.Int[1, 2], (p, n) => new SrIovPortRequest(p, n)).Array[0, 2],
            Gen.OneOf(PciNumaAffinity.Legacy, PciNumaAffinity.Required, PciNumaAffinity.Preferred),
            Gen.Int[-4, Groups.Length - 1])
        .Select(Gen.OneOf<string?>(null, null, null, "az1"), Gen.Int[0, 1_000_000], (t, zone, id) =>
        {
            var (vcpus, mem, cpu, nodes, page, vfs, affinity, group) = t;
            var policy = cpu == 0 ? CpuPolicy.Shared : CpuPolicy.Dedicated;
            var thread = cpu switch { 2 => ThreadPolicy.Isolate, 3 => ThreadPolicy.Require, _ => ThreadPolicy.Prefer };
            return new PlacementRequest(
                $"r{id}", vcpus * nodes, mem * nodes, policy, thread, nodes, page, [.. vfs], affinity,
                // Every third grouped request is in a second group too, as one of a few members (a VNF's rule and an NS's rule at once).
                group < 0 ? [] : id % 3 == 0 ? [Groups[group], Groups[(group + 1) % Groups.Length] with { Member = $"vnf{id % 4}" }] : [Groups[group]], zone);
        });

    /// <summary>A stream: a create (request) or a delete (index into the creates so far, may miss).</summary>
    public static readonly Gen<(PlacementRequest? Create, int Delete)[]> Stream =
        Gen.Frequency(
            (3, Request.Select(r => ((PlacementRequest?)r, -1))),
            (1, Gen.Int[0, 40].Select(i => ((PlacementRequest?)null, i))))
        .Array[1, 60];

    private static HostInventory BuildHost(string name, string zone, (int Cores, bool Smt, int Shared, int MemGiB, int Pages2M, int Pages1G, VfPool[] Vfs)[] cells)
    {
        var next = 0;
        var built = ImmutableArray.CreateBuilder<NumaCellInventory>();
        for (var c = 0; c < cells.Length; c++)
        {
            var s = cells[c];
            var cell = Support.Fleet.Cell(c, next, s.Cores, s.Smt, s.Shared, s.MemGiB * 1024L, s.Pages2M * 512, s.Pages1G, s.Vfs);
            next += (s.Cores + s.Shared) * (s.Smt ? 2 : 1);
            built.Add(cell);
        }

        return new HostInventory(name, zone, built.ToImmutable());
    }
}
