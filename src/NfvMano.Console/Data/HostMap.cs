using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Inventory;

namespace NfvMano.Console.Data;

/// <summary>What one host offers and what holds it: the NUMA map's data.</summary>
/// <param name="Name">The host.</param>
/// <param name="Zone">Its availability zone.</param>
/// <param name="Cells">Its NUMA cells.</param>
/// <param name="Vnfcs">The VNFCs placed on it.</param>
public sealed record HostView(string Name, string Zone, IReadOnlyList<CellView> Cells, IReadOnlyList<PlacedVnfc> Vnfcs)
{
    /// <summary>Dedicated CPUs not pinned to anything.</summary>
    public int FreePinnableCpus => Cells.Sum(c => c.PinnableCpus.Count(cpu => !c.PinnedBy.ContainsKey(cpu)));

    /// <summary>Dedicated CPUs in all.</summary>
    public int PinnableCpus => Cells.Sum(c => c.PinnableCpus.Count);

    /// <summary>Free hugepage memory (MiB) over all cells and sizes.</summary>
    public long FreeHugePageMiB => Cells.Sum(c => c.HugePages.Sum(p => (p.Total - p.Used) * p.SizeKiB / 1024));

    /// <summary>Free VFs over all physical networks.</summary>
    public int FreeVfs => Cells.Sum(c => c.Vfs.Sum(v => v.Total - v.Used));
}

/// <summary>One NUMA cell of a host.</summary>
/// <param name="Id">The host cell id.</param>
/// <param name="Cpus">Every CPU of the cell the inventory knows (dedicated, shared and the host's own).</param>
/// <param name="PinnableCpus">CPUs guests can have pinned.</param>
/// <param name="SharedCpus">CPUs floating guests share.</param>
/// <param name="PinnedBy">Pinned CPU → the VNFC holding it.</param>
/// <param name="HugePages">Hugepage pools by size.</param>
/// <param name="Vfs">SR-IOV VFs by physical network.</param>
public sealed record CellView(
    int Id,
    IReadOnlyList<int> Cpus,
    IReadOnlySet<int> PinnableCpus,
    IReadOnlySet<int> SharedCpus,
    IReadOnlyDictionary<int, PlacedVnfc> PinnedBy,
    IReadOnlyList<HugePageView> HugePages,
    IReadOnlyList<VfView> Vfs);

/// <summary>A hugepage pool of one size on one cell.</summary>
public sealed record HugePageView(long SizeKiB, int Total, int Used);

/// <summary>The VFs of one physical network on one cell.</summary>
public sealed record VfView(string Physnet, int Total, int Used);

/// <summary>A VNFC placed on a host (from the placement claims, so operations in progress show too).</summary>
/// <param name="InstanceId">Its VNF instance.</param>
/// <param name="InstanceName">The instance's name, if any.</param>
/// <param name="VnfcId">The VNFC instance id (the request id when the instance does not list it yet).</param>
/// <param name="VduId">Its VDU, when known.</param>
/// <param name="Colour">The colour the map gives it.</param>
/// <param name="Assignment">Where placement put it.</param>
public sealed record PlacedVnfc(Guid InstanceId, string? InstanceName, string VnfcId, string? VduId, string Colour, Assignment Assignment);

/// <summary>Builds <see cref="HostView"/>s from the VIM inventory and the live placement claims.</summary>
public sealed class HostMap(VimInventory inventory, HostCpus hostCpus, NfvManoDbContext db)
{
    private static readonly string[] Palette =
    [
        "#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#f4511e", "#3949ab",
        "#c0ca33", "#6d4c41", "#d81b60", "#039be5", "#7cb342", "#5e35b1", "#00acc1", "#ffb300",
    ];

    /// <summary>Every host with what the tenant's and others' VNFCs hold (others' shown without their names).</summary>
    public async Task<IReadOnlyList<HostView>> HostsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var hosts = await inventory.HostsAsync(cancellationToken);
        var claims = await db.PlacementClaims.AsNoTracking().ToListAsync(cancellationToken);
        var instanceIds = claims.Select(c => c.VnfInstanceId).Distinct().ToList();
        var instances = await db.VnfInstances.AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.TenantId, i.Name, i.InstantiatedJson }).ToListAsync(cancellationToken);
        var byId = instances.ToDictionary(i => i.Id);

        var placed = new List<PlacedVnfc>();
        foreach (var claim in claims.OrderBy(c => c.Sequence))
        {
            var assignment = JsonSerializer.Deserialize<Assignment>(claim.AssignmentJson, PlacementGrants.Json)!;
            var mine = byId.TryGetValue(claim.VnfInstanceId, out var instance) && (tenantId == Tenants.All || instance.TenantId == tenantId);
            var vnfcId = claim.RequestId[(claim.RequestId.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var vdu = mine ? InstantiatedVnf.Parse(instance!.InstantiatedJson)?.Vnfcs.FirstOrDefault(v => v.Id == vnfcId)?.VduId : null;
            // A VNFC id ends with six hex digits of its own; the colour follows them, so it stays the same everywhere.
            var colour = Palette[(int)((uint)StableHash(claim.RequestId) % Palette.Length)];
            placed.Add(mine
                ? new PlacedVnfc(claim.VnfInstanceId, instance!.Name, vnfcId, vdu ?? VduOf(vnfcId), colour, assignment)
                : new PlacedVnfc(Guid.Empty, null, "another tenant's VNFC", null, "#9e9e9e", assignment));
        }

        var views = new List<HostView>();
        foreach (var host in hosts)
        {
            var cpus = new Dictionary<int, IReadOnlyList<int>>();
            foreach (var cell in host.Cells)
            {
                cpus[cell.Id] = await hostCpus.OfAsync(host.Name, cell.Id, cancellationToken);
            }

            views.Add(View(host, placed.Where(p => p.Assignment.Host == host.Name).ToList(), cpus));
        }

        return views;
    }

    private static HostView View(HostInventory host, List<PlacedVnfc> placed, Dictionary<int, IReadOnlyList<int>> allCpus)
    {
        var cells = host.Cells.Select(cell =>
        {
            var on = placed.SelectMany(p => p.Assignment.Cells.Where(c => c.HostCell == cell.Id).Select(c => (p, c))).ToList();
            var pinned = new Dictionary<int, PlacedVnfc>();
            foreach (var (p, c) in on)
            {
                foreach (var cpu in c.PinnedCpus.Concat(c.ReservedCpus))
                {
                    pinned[cpu] = p;
                }
            }

            var cpus = cell.PinnableCpus.Concat(cell.SharedCpus).Concat(cell.SiblingGroups.SelectMany(g => g)).Concat(allCpus[cell.Id]).Distinct().Order().ToList();
            var pages = cell.HugePages.OrderBy(p => p.Key).Select(p => new HugePageView(
                p.Key, p.Value, (int)on.Where(x => x.c.PageSizeKiB == p.Key).Sum(x => x.c.MemoryMiB * 1024 / p.Key))).ToList();
            var vfs = cell.SrIov.Select(pool => new VfView(
                pool.Physnet, pool.Count, placed.Sum(p => p.Assignment.Vfs.Count(v => v.HostCell == cell.Id && v.Physnet == pool.Physnet)))).ToList();
            return new CellView(cell.Id, cpus, cell.PinnableCpus.ToHashSet(), cell.SharedCpus.ToHashSet(), pinned, pages, vfs);
        }).ToList();
        return new HostView(host.Name, host.Zone, cells, placed);
    }

    private static string? VduOf(string vnfcId)
    {
        var dash = vnfcId.LastIndexOf('-');
        return dash > 0 ? vnfcId[..dash] : null;
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
