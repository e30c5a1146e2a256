using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// Runs one VNF LCM operation (scale, scale to level, heal, operate, change flavour, modify info) on a VNF of the NS and waits for it.
/// Compensation rolls back the VNF operation if it is left FAILED_TEMP; a completed one stays done.
/// </summary>
internal sealed class VnfOperationStep(VnfOperations vnfs, NsdSource nsds, VnfLcm.VnfdSource vnfds, NsLcmNotifications notifications) : IStepHandler
{
    public const string HandlerKey = "nslcm.vnf-operation";

    /// <summary>SCALE.</summary>
    public const string Scale = "SCALE";

    /// <summary>SCALE_TO_LEVEL.</summary>
    public const string ScaleToLevel = "SCALE_TO_LEVEL";

    /// <summary>HEAL.</summary>
    public const string Heal = "HEAL";

    /// <summary>OPERATE.</summary>
    public const string Operate = "OPERATE";

    /// <summary>CHANGE_FLAVOUR.</summary>
    public const string ChangeFlavour = "CHANGE_FLAVOUR";

    /// <summary>MODIFY_INFO.</summary>
    public const string ModifyInfo = "MODIFY_INFO";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfId = Guid.Parse(NsStepData.Str(context.Input, "vnfInstanceId")!);
        var operation = NsStepData.Str(context.Input, "operation")!;
        var request = context.Input["request"] as JsonObject ?? [];
        var marker = VnfOperations.MarkerOf(context);
        var tenant = NsStepData.TenantId(context);
        var member = await context.Db.NsVnfs.SingleOrDefaultAsync(m => m.VnfInstanceId == vnfId, cancellationToken)
            ?? throw new PermanentStepException($"VNF instance {vnfId} is not part of NS instance {NsStepData.NsInstanceId(context)}.");
        if (operation == ChangeFlavour && await vnfs.FindVnfAsync(vnfId, cancellationToken) is { } target
            && await NsVnfLinks.ForAsync(context, nsds, vnfds, target.VnfPkgId, member.VnfProfileId, NsStepData.Str(request, "newFlavourId"), cancellationToken) is { Count: > 0 } links)
        {
            // The new flavour's VNFCs are plugged into the NS virtual links by the CPs that flavour exposes.
            request = (JsonObject)request.DeepClone();
            request["extVirtualLinks"] = links;
        }
        var marked = VnfOperations.Marked(request, marker);
        var occ = await vnfs.EnsureCompletedAsync(context, vnfId, $"{operation} of VNF {member.VnfProfileId} ({vnfId})", lcm => operation switch
        {
            Scale => lcm.ScaleAsync(tenant, vnfId, NsStepData.Str(request, "type"), NsStepData.Str(request, "aspectId"),
                (int?)request["numberOfSteps"], marked, cancellationToken),
            ScaleToLevel => lcm.ScaleToLevelAsync(tenant, vnfId, NsStepData.Str(request, "instantiationLevelId"), null, marked, cancellationToken),
            Heal => lcm.HealAsync(tenant, vnfId, (request["vnfcInstanceId"] as JsonArray)?.Select(v => (string)v!).ToList(), marked, cancellationToken),
            Operate => lcm.OperateAsync(tenant, vnfId, NsStepData.Str(request, "changeStateTo"), NsStepData.Str(request, "stopType"),
                (int?)request["gracefulStopTimeout"], marked, cancellationToken),
            ChangeFlavour => lcm.ChangeFlavourAsync(tenant, vnfId, NsStepData.Str(request, "newFlavourId"), NsStepData.Str(request, "instantiationLevelId"),
                marked, cancellationToken),
            ModifyInfo => lcm.ModifyAsync(tenant, vnfId, null, Changes(request, marker), cancellationToken),
            _ => throw new PermanentStepException($"'{operation}' is not a VNF operation an NS step can run."),
        }, cancellationToken);
        member.LastVnfOpOccId = occ.Id;
        var vnf = await vnfs.FindVnfAsync(vnfId, cancellationToken);
        var change = operation switch
        {
            Scale or ScaleToLevel => "SCALE",
            Heal => "HEAL",
            Operate => "OPERATE",
            ChangeFlavour => "CHANGE_FLAVOUR",
            _ => "MODIFY_INFORMATION",
        };
        var lcmOpName = operation switch
        {
            Scale => "VNF_SCALE",
            ScaleToLevel => "VNF_SCALE_TO_LEVEL",
            Heal => "VNF_HEAL",
            Operate => "VNF_OPERATE",
            ChangeFlavour => "VNF_CHANGE_FLAVOUR",
            _ => "VNF_MODIFY_INFO",
        };
        notifications.VnfChanged(context.Db, await context.Db.NsInstances.SingleAsync(i => i.Id == member.NsInstanceId, cancellationToken),
            context.RunId, vnfId, occ.Id, lcmOpName, "COMPLETED");
        var output = NsStepData.Affected(vnfId, member.VnfProfileId, vnf?.VnfdId, vnf?.Name, change);
        output["vnfLcmOpOccId"] = occ.Id.ToString();
        return output;
    }

    // MODIFY_INFO has no additionalParams to carry the step marker, so it goes into the (merge-patched) extensions.
    private static JsonObject Changes(JsonObject request, string marker)
    {
        var changes = (JsonObject)request.DeepClone();
        changes.Remove("additionalParams");
        var extensions = changes["extensions"] as JsonObject ?? [];
        extensions[VnfOperations.MarkerKey] = marker;
        changes["extensions"] = extensions;
        return changes;
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfId = Guid.Parse(NsStepData.Str(context.Input, "vnfInstanceId")!);
        var ours = await vnfs.FindStartedAsync(vnfId, VnfOperations.MarkerOf(context), cancellationToken);
        if (ours is null)
        {
            return;
        }
        // A rollback this compensation waited for (before yielding, or now) that ends FAILED_TEMP is not tried again
        // here, or a rollback that keeps failing would be retried without end; the engine's attempts bound it.
        var waitedForRollback = VnfOperations.WaitedFor(context) is { State: "ROLLING_BACK" } waited && waited.OpOccId == ours.Id;
        if (VnfOperations.IsRunning(ours.OperationState))
        {
            waitedForRollback |= ours.OperationState == "ROLLING_BACK";
            ours = await vnfs.WaitAsync(ours.Id, cancellationToken);
        }
        if (ours.OperationState == "FAILED_TEMP")
        {
            if (waitedForRollback)
            {
                throw new InvalidOperationException($"Rolling back VNF LCM operation {ours.Id} ended {ours.OperationState}: {VnfOperations.Detail(ours)}");
            }
            await vnfs.WithVnfLcmAsync(async (lcm, _) => { await lcm.RollbackAsync(ours.TenantId, ours.Id, cancellationToken); return 0; }, cancellationToken);
            var after = await vnfs.WaitAsync(ours.Id, cancellationToken);
            if (after.OperationState != "ROLLED_BACK")
            {
                throw new InvalidOperationException($"Rolling back VNF LCM operation {ours.Id} ended {after.OperationState}: {VnfOperations.Detail(after)}");
            }
        }
    }
}
