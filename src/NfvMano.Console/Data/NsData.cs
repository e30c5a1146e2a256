using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Persistence.Catalogue;
using NfvMano.Persistence.NsLcm;
using NfvMano.Persistence;

namespace NfvMano.Console.Data;

/// <summary>Reads what the NS pages show beside the NS LCM's own views: NSDs to instantiate, operations, timelines.</summary>
public sealed class NsData(NfvManoDbContext db)
{
    /// <summary>The onboarded, enabled NSDs of the tenant, which new NS instances can use.</summary>
    public async Task<IReadOnlyList<NsdInfoEntity>> InstantiableNsdsAsync(string tenantId, CancellationToken cancellationToken) =>
        await db.NsdInfos.AsNoTracking()
            .Where(n => n.TenantId == tenantId && n.OnboardingState == OnboardingStates.Onboarded && n.OperationalState == OperationalStates.Enabled && n.NsdId != null)
            .OrderBy(n => n.NsdName).ThenBy(n => n.Id).ToListAsync(cancellationToken);

    /// <summary>The operation occurrences of one NS instance of the tenant, newest first.</summary>
    public async Task<IReadOnlyList<NsLcmOpOccEntity>> OperationsAsync(string tenantId, Guid nsInstanceId, CancellationToken cancellationToken) =>
        await db.NsLcmOpOccs.AsNoTracking().Where(o => (tenantId == Tenants.All || o.TenantId == tenantId) && o.NsInstanceId == nsInstanceId)
            .OrderByDescending(o => o.StartTime).ThenBy(o => o.Id).ToListAsync(cancellationToken);

    /// <summary>The timeline of one NS operation occurrence of the tenant.</summary>
    public async Task<OperationTimeline?> TimelineAsync(string tenantId, Guid opOccId, CancellationToken cancellationToken)
    {
        var operation = await db.NsLcmOpOccs.AsNoTracking().SingleOrDefaultAsync(o => (tenantId == Tenants.All || o.TenantId == tenantId) && o.Id == opOccId, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var run = await db.WorkflowRuns.AsNoTracking().Where(r => r.Id == opOccId)
            .Select(r => new { r.Error, r.CancelRequested }).SingleOrDefaultAsync(cancellationToken);
        var steps = await db.WorkflowSteps.AsNoTracking().Where(s => s.RunId == opOccId).OrderBy(s => s.Index).ToListAsync(cancellationToken);
        return new OperationTimeline(
            new OperationSummary(operation.Id, operation.LcmOperationType, operation.OperationState, operation.StartTime, operation.ErrorJson),
            steps, run?.Error, run?.CancelRequested ?? false);
    }
}
