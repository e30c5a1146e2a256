using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>Creates one VNFC where its grant put it: volumes, the server exactly as placed, then starts it.</summary>
internal sealed class CreateVnfcStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
{
    public const string HandlerKey = "vnflcm.create-vnfc";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        var vdu = VnfLcmStepData.VduOf(flavour, VnfLcmStepData.Text(context.Input, "vduId"));
        var assignment = VnfLcmStepData.GrantedTo(context, vnfcId)
            ?? throw new PermanentStepException($"the grant of this operation holds nothing for VNFC {vnfcId}");
        var record = await realiser.CreateAsync(VnfLcmStepData.InstanceId(context), VnfLcmStepData.PackageId(context), flavour, vdu, vnfcId, assignment,
            await VnfLcmStepData.ExternalLinksAsync(context, cancellationToken), cancellationToken);
        if (realiser.VimSchedules)
        {
            await VnfLcmStepData.RecordPlacementAsync(context, record, cancellationToken);
        }
        return VnfLcmStepData.ToJson(record);
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        if (VnfLcmStepData.GrantedTo(context, vnfcId) is not { } assignment)
        {
            return;
        }
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var vdu = flavour.Vdus.FirstOrDefault(v => v.Id == VnfLcmStepData.Text(context.Input, "vduId"));
        await realiser.DeleteAsync(VnfLcmStepData.InstanceId(context), flavour, vdu, vnfcId, assignment.Host, TimeSpan.Zero, cancellationToken);
    }
}
