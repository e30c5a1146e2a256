using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Persistence.Workflows;
using NfvMano.Persistence;

namespace NfvMano.Console.Data;

/// <summary>A VNF instance as the instance page shows it.</summary>
/// <param name="Instance">The instance.</param>
/// <param name="State">What it holds and where (null until instantiated).</param>
/// <param name="Vnfd">Its VNFD.</param>
/// <param name="Operations">Its operation occurrences, newest first.</param>
public sealed record InstanceDetail(VnfInstanceEntity Instance, InstantiatedVnf? State, VnfDescriptor Vnfd, IReadOnlyList<VnfLcmOpOccEntity> Operations);

/// <summary>What a timeline shows of an operation occurrence, VNF or NS alike.</summary>
/// <param name="Id">The occurrence id (also its workflow run's id).</param>
/// <param name="Operation">The operation, e.g. <c>INSTANTIATE</c>.</param>
/// <param name="OperationState">Its state, e.g. <c>PROCESSING</c>.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="ErrorJson">Its ProblemDetails, if it failed.</param>
public sealed record OperationSummary(Guid Id, string Operation, string OperationState, DateTimeOffset StartTime, string? ErrorJson);

/// <summary>One operation occurrence with the steps of its workflow run: the timeline.</summary>
/// <param name="Operation">The occurrence.</param>
/// <param name="Steps">The run's steps in plan order.</param>
/// <param name="RunError">The run's error, if any.</param>
/// <param name="CancelPending">Whether a cancel was asked and not yet honoured.</param>
public sealed record OperationTimeline(OperationSummary Operation, IReadOnlyList<WorkflowStepEntity> Steps, string? RunError, bool CancelPending)
{
    /// <summary>The error's title and detail from the occurrence's ProblemDetails.</summary>
    public (string Title, string Detail)? Error =>
        Operation.ErrorJson is { } json && JsonNode.Parse(json) is JsonObject problem
            ? ((string?)problem["title"] ?? "Operation failed", (string?)problem["detail"] ?? "")
            : null;

    /// <summary>The step that failed (its error is the cause), if any.</summary>
    public WorkflowStepEntity? FailedStep => Steps.FirstOrDefault(s => s.State == "Failed");

    /// <summary>Whether the occurrence has ended (nothing more will happen by itself).</summary>
    public bool IsFinal => Operation.OperationState is "COMPLETED" or "FAILED" or "ROLLED_BACK";
}

/// <summary>Reads instances, their operations and the operations' step timelines.</summary>
public sealed class InstanceData(NfvManoDbContext db, VnfdSource vnfds)
{
    /// <summary>The tenant's instances, newest first.</summary>
    public async Task<IReadOnlyList<VnfInstanceEntity>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        await db.VnfInstances.AsNoTracking().Where(i => tenantId == Tenants.All || i.TenantId == tenantId)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The VNFDs of onboarded, enabled packages, which new instances can use.</summary>
    public async Task<IReadOnlyList<(string VnfdId, string Product)>> InstantiableVnfdsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var packages = await db.VnfPackages.AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.OnboardingState == OnboardingStates.Onboarded && p.OperationalState == OperationalStates.Enabled && p.VnfdId != null)
            .Select(p => new { p.VnfdId, p.VnfProductName, p.VnfSoftwareVersion }).ToListAsync(cancellationToken);
        return [.. packages.Select(p => (p.VnfdId!, $"{p.VnfProductName} {p.VnfSoftwareVersion}")).Distinct().OrderBy(p => p.Item2, StringComparer.Ordinal)];
    }

    /// <summary>One instance with its VNFD and operations.</summary>
    public async Task<InstanceDetail?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.VnfInstances.AsNoTracking().SingleOrDefaultAsync(i => (tenantId == Tenants.All || i.TenantId == tenantId) && i.Id == id, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var operations = await db.VnfLcmOpOccs.AsNoTracking().Where(o => o.VnfInstanceId == id)
            .OrderByDescending(o => o.StartTime).ToListAsync(cancellationToken);
        return new InstanceDetail(instance, InstantiatedVnf.Parse(instance.InstantiatedJson), await vnfds.GetAsync(instance.VnfPkgId, cancellationToken), operations);
    }

    /// <summary>The timeline of one operation occurrence of the tenant.</summary>
    public async Task<OperationTimeline?> TimelineAsync(string tenantId, Guid opOccId, CancellationToken cancellationToken)
    {
        var operation = await db.VnfLcmOpOccs.AsNoTracking().SingleOrDefaultAsync(o => (tenantId == Tenants.All || o.TenantId == tenantId) && o.Id == opOccId, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var run = await db.WorkflowRuns.AsNoTracking().Where(r => r.Id == opOccId)
            .Select(r => new { r.Error, r.CancelRequested }).SingleOrDefaultAsync(cancellationToken);
        var steps = await db.WorkflowSteps.AsNoTracking().Where(s => s.RunId == opOccId).OrderBy(s => s.Index).ToListAsync(cancellationToken);
        return new OperationTimeline(new OperationSummary(operation.Id, operation.Operation, operation.OperationState, operation.StartTime, operation.ErrorJson), steps, run?.Error, run?.CancelRequested ?? false);
    }
}
