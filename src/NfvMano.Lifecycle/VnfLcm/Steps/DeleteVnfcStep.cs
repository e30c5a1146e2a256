using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// Removes one VNFC (graceful stop first when asked) and releases its claim in the same commit as the step. Not
/// undone by a rollback: a removed VNFC is only brought back by a new scale-out or instantiate.
/// </summary>
internal sealed class DeleteVnfcStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
{
    public const string HandlerKey = "vnflcm.delete-vnfc";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        var state = await VnfLcmStepData.StateAsync(context, cancellationToken);
        var record = state?.Vnfcs.FirstOrDefault(v => v.Id == vnfcId);
        if (record is not null)
        {
            var (vnfd, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
            if (context.Input["flavourId"]?.GetValue<string>() is { } own)
            {
                // change_flavour removes VNFCs of the flavour it leaves.
                flavour = VnfdSource.Flavour(vnfd, own);
            }
            var grace = TimeSpan.FromSeconds(context.Input["graceSeconds"]?.GetValue<double>() ?? 0);
            await realiser.DeleteAsync(instanceId, flavour, flavour.Vdus.FirstOrDefault(v => v.Id == record.VduId), vnfcId, record.Host, grace, cancellationToken);
        }
        var requestId = VnfcRealiser.RequestId(instanceId, vnfcId);
        var claim = await context.Db.PlacementClaims.SingleOrDefaultAsync(c => c.RequestId == requestId, cancellationToken);
        if (claim is not null)
        {
            context.Db.PlacementClaims.Remove(claim);
        }
        return new JsonObject { ["vnfcId"] = vnfcId };
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
