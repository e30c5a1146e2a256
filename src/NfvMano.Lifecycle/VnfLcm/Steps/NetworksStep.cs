using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>Creates, on each granted host, the networks of the internal virtual links the new VNFCs attach to.</summary>
internal sealed class NetworksStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
{
    public const string HandlerKey = "vnflcm.networks";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var created = new JsonArray();
        foreach (var (vl, host) in await MissingAsync(context, cancellationToken))
        {
            created.Add(VnfLcmStepData.ToJson(await realiser.CreateNetworkAsync(instanceId, flavour, vl, host, cancellationToken)));
        }
        return new JsonObject { ["networks"] = created };
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        foreach (var (vl, host) in await MissingAsync(context, cancellationToken))
        {
            await realiser.DeleteNetworkAsync(instanceId, vl, host, cancellationToken);
        }
        // Rolling back an instantiate leaves the instance without VNFCs: what it made shared goes as at terminate.
        if ((await VnfLcmStepData.InstanceAsync(context, cancellationToken)).InstantiationState != VnfLcmStates.Instantiated)
        {
            await DeleteNetworksStep.ReleaseSharedAsync(context, realiser, vnfds, cancellationToken);
        }
    }

    // Needed by the new VNFCs and not yet part of the instance: what this step creates, and what its compensation removes.
    private async Task<List<(string VirtualLink, string Host)>> MissingAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var existing = (await VnfLcmStepData.StateAsync(context, cancellationToken))?.Networks
            .Select(n => (n.VirtualLinkId, n.Host)).ToHashSet() ?? [];
        var needed = new List<(string, string)>();
        foreach (var (vnfcId, vduId) in VnfLcmStepData.Vnfcs(context.Input))
        {
            var host = VnfLcmStepData.GrantedTo(context, vnfcId)?.Host;
            if (host is null)
            {
                continue;
            }
            foreach (var vl in VnfcRealiser.VirtualLinksOf(flavour, VnfLcmStepData.VduOf(flavour, vduId)))
            {
                if (!existing.Contains((vl, host)) && !needed.Contains((vl, host)))
                {
                    needed.Add((vl, host));
                }
            }
        }
        return needed;
    }
}
