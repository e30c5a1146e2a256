using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// Takes one VNF instance out of the NS: one the NS created is terminated and deleted through the VNF LCM; one it
/// adopted (ADD_VNF) is only let go. A removed VNF cannot be brought back, so there is nothing to compensate.
/// </summary>
internal sealed class RemoveVnfStep(VnfOperations vnfs, NsLcmNotifications notifications) : IStepHandler
{
    public const string HandlerKey = "nslcm.remove-vnf";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfId = Guid.Parse(NsStepData.Str(context.Input, "vnfInstanceId")!);
        var member = await context.Db.NsVnfs.SingleOrDefaultAsync(m => m.VnfInstanceId == vnfId, cancellationToken);
        var vnf = await vnfs.FindVnfAsync(vnfId, cancellationToken);
        if (member is null)
        {
            return [];
        }
        if (member.CreatedByNs)
        {
            await vnfs.EnsureGoneAsync(context, vnfId, $"Removing VNF {member.VnfProfileId} from NS instance {member.NsInstanceId}", cancellationToken);
            notifications.VnfChanged(context.Db, await context.Db.NsInstances.SingleAsync(i => i.Id == member.NsInstanceId, cancellationToken),
                context.RunId, vnfId, null, "VNF_TERMINATE", "COMPLETED");
        }
        context.Db.NsVnfs.Remove(member);
        return NsStepData.Affected(vnfId, member.VnfProfileId, vnf?.VnfdId, vnf?.Name, "REMOVE");
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
