using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Persistence;

namespace NfvMano.Console.Data;

/// <summary>The dashboard's figures for one tenant.</summary>
/// <param name="PackagesByState">VNF packages per onboarding state (ONBOARDED, PROCESSING, …).</param>
/// <param name="EnabledPackages">Packages ONBOARDED and ENABLED.</param>
/// <param name="Nsds">NS descriptors.</param>
/// <param name="InstancesByState">VNF instances per instantiation state.</param>
/// <param name="NsInstancesByState">NS instances per state.</param>
/// <param name="OperationsByState">VNF LCM operation occurrences per operation state.</param>
/// <param name="NsOperationsByState">NS LCM operation occurrences per operation state.</param>
/// <param name="Hosts">The hosts with their free capacity.</param>
public sealed record DashboardFigures(
    IReadOnlyDictionary<string, int> PackagesByState,
    int EnabledPackages,
    int Nsds,
    IReadOnlyDictionary<string, int> InstancesByState,
    IReadOnlyDictionary<string, int> NsInstancesByState,
    IReadOnlyDictionary<string, int> OperationsByState,
    IReadOnlyDictionary<string, int> NsOperationsByState,
    IReadOnlyList<HostView> Hosts)
{
    private static readonly string[] RunningStates = ["STARTING", "PROCESSING", "ROLLING_BACK"];
    private static readonly string[] FailedStates = ["FAILED_TEMP", "FAILED"];

    /// <summary>Operations under way, VNF and NS.</summary>
    public int Running => Count(OperationsByState, RunningStates) + Count(NsOperationsByState, RunningStates);

    /// <summary>NS operations under way.</summary>
    public int NsRunning => Count(NsOperationsByState, RunningStates);

    /// <summary>Operations failed (temporarily or for good), VNF and NS.</summary>
    public int Failed => Count(OperationsByState, FailedStates) + Count(NsOperationsByState, FailedStates);

    /// <summary>NS operations failed.</summary>
    public int NsFailed => Count(NsOperationsByState, FailedStates);

    /// <summary>Operations waiting for an operator's decision (FAILED_TEMP), VNF and NS.</summary>
    public int AwaitingDecision => OperationsByState.GetValueOrDefault("FAILED_TEMP") + NsOperationsByState.GetValueOrDefault("FAILED_TEMP");

    /// <summary>Operations completed, VNF and NS.</summary>
    public int Completed => OperationsByState.GetValueOrDefault("COMPLETED") + NsOperationsByState.GetValueOrDefault("COMPLETED");

    private static int Count(IReadOnlyDictionary<string, int> counts, string[] keys) => keys.Sum(k => counts.GetValueOrDefault(k));
}

/// <summary>Reads the dashboard's figures.</summary>
public sealed class DashboardData(NfvManoDbContext db, HostMap hosts)
{
    /// <summary>The figures of <paramref name="tenantId"/>.</summary>
    public async Task<DashboardFigures> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var packages = await db.VnfPackages.AsNoTracking().Where(p => tenantId == Tenants.All || p.TenantId == tenantId)
            .GroupBy(p => p.OnboardingState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var enabled = await db.VnfPackages.CountAsync(p => (tenantId == Tenants.All || p.TenantId == tenantId) && p.OnboardingState == "ONBOARDED" && p.OperationalState == "ENABLED", cancellationToken);
        var nsds = await db.NsdInfos.CountAsync(n => tenantId == Tenants.All || n.TenantId == tenantId, cancellationToken);
        var instances = await db.VnfInstances.AsNoTracking().Where(i => tenantId == Tenants.All || i.TenantId == tenantId)
            .GroupBy(i => i.InstantiationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var nsInstances = await db.NsInstances.AsNoTracking().Where(i => tenantId == Tenants.All || i.TenantId == tenantId)
            .GroupBy(i => i.NsState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var operations = await db.VnfLcmOpOccs.AsNoTracking().Where(o => tenantId == Tenants.All || o.TenantId == tenantId)
            .GroupBy(o => o.OperationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var nsOperations = await db.NsLcmOpOccs.AsNoTracking().Where(o => tenantId == Tenants.All || o.TenantId == tenantId)
            .GroupBy(o => o.OperationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new DashboardFigures(
            packages.ToDictionary(p => p.Key, p => p.Count),
            enabled,
            nsds,
            instances.ToDictionary(p => p.Key, p => p.Count),
            nsInstances.ToDictionary(p => p.Key, p => p.Count),
            operations.ToDictionary(p => p.Key, p => p.Count),
            nsOperations.ToDictionary(p => p.Key, p => p.Count),
            await hosts.HostsAsync(tenantId, cancellationToken));
    }
}
