using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// change_ext_conn on one VNFC: its external ports leave the links that no longer hold them and join the new ones
/// (hot-plug on the running server). Rollback plugs them back as they were.
/// </summary>
internal sealed class ExtConnVnfcStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
{
    public const string HandlerKey = "vnflcm.ext-conn-vnfc";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (state, flavour, vdu, vnfc) = await LoadAsync(context, cancellationToken);
        var moved = await realiser.ReconnectExternalAsync(VnfLcmStepData.InstanceId(context), flavour, vdu, vnfc,
            state.ExtVirtualLinks, await VnfLcmStepData.ExternalLinksAsync(context, cancellationToken), cancellationToken);
        return VnfLcmStepData.ToJson(moved);
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (state, flavour, vdu, vnfc) = await LoadAsync(context, cancellationToken);
        await realiser.ReconnectExternalAsync(VnfLcmStepData.InstanceId(context), flavour, vdu, vnfc,
            await VnfLcmStepData.ExternalLinksAsync(context, cancellationToken), state.ExtVirtualLinks, cancellationToken);
    }

    private async Task<(InstantiatedVnf State, NfvMano.Descriptors.Vnfd.DeploymentFlavour Flavour, NfvMano.Descriptors.Vnfd.Vdu Vdu, VnfcRecord Vnfc)> LoadAsync(
        StepContext context, CancellationToken cancellationToken)
    {
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        var state = await VnfLcmStepData.StateAsync(context, cancellationToken)
            ?? throw new PermanentStepException("the VNF instance is not instantiated");
        var vnfc = state.Vnfcs.FirstOrDefault(v => v.Id == vnfcId)
            ?? throw new PermanentStepException($"VNFC {vnfcId} is not part of the instance");
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        return (state, flavour, VnfLcmStepData.VduOf(flavour, vnfc.VduId), vnfc);
    }
}
