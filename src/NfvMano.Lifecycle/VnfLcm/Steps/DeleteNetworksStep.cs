using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>Removes every network of the instance (after its VNFCs are gone).</summary>
internal sealed class DeleteNetworksStep(VnfcRealiser realiser) : IStepHandler
{
    public const string HandlerKey = "vnflcm.delete-networks";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        foreach (var network in (await VnfLcmStepData.StateAsync(context, cancellationToken))?.Networks ?? [])
        {
            await realiser.DeleteNetworkAsync(instanceId, network.VirtualLinkId, network.Host, cancellationToken);
        }
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
