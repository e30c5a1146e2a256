using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence;
using NfvMano.Vim;
using NfvMano.Vim.Reconciliation;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// What the VIM must hold according to the database: every server, volume and network of every instantiated VNF.
/// Exact whenever no operation is open (an open one adds or removes resources step by step); feed it to
/// <see cref="VimReconciler"/> to find orphans and missing resources.
/// </summary>
public static class VnfLcmExpectedResources
{
    /// <summary>The expected resources, read from the instances.</summary>
    public static async Task<ExpectedResources> ComputeAsync(NfvManoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var states = await db.VnfInstances.AsNoTracking().Where(i => i.InstantiatedJson != null)
            .Select(i => i.InstantiatedJson).ToListAsync(cancellationToken);
        var servers = new HashSet<VimResourceRef>();
        var volumes = new HashSet<VimResourceRef>();
        var networks = new HashSet<VimResourceRef>();
        foreach (var state in states.Select(InstantiatedVnf.Parse).OfType<InstantiatedVnf>())
        {
            foreach (var vnfc in state.Vnfcs)
            {
                servers.Add(new VimResourceRef(vnfc.Host, vnfc.ServerName));
                volumes.UnionWith(vnfc.Volumes.Values.Select(v => new VimResourceRef(vnfc.Host, v)));
            }
            networks.UnionWith(state.Networks.Select(n => new VimResourceRef(n.Host, n.Name)));
        }
        return new ExpectedResources(servers, networks, volumes, new HashSet<VimResourceRef>());
    }
}
