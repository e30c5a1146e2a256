using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// Heals one VNFC by re-creating its server in place: same host, same pinned CPUs, pages and VFs (its claim stays). On a
/// VIM that schedules itself the VIM places it again and the claim records where.
/// </summary>
internal sealed class HealVnfcStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
{
    public const string HandlerKey = "vnflcm.heal-vnfc";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        var state = await VnfLcmStepData.StateAsync(context, cancellationToken);
        var record = state?.Vnfcs.FirstOrDefault(v => v.Id == vnfcId)
            ?? throw new PermanentStepException($"VNFC {vnfcId} is not part of the instance");
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var vdu = VnfLcmStepData.VduOf(flavour, record.VduId);
        // The server's own volumes go with it and come back empty: heal restores the VNFC as the descriptor defines it.
        await realiser.DeleteAsync(instanceId, flavour, null, vnfcId, record.Host, TimeSpan.Zero, cancellationToken);
        var healed = await realiser.CreateAsync(instanceId, VnfLcmStepData.PackageId(context), flavour, vdu, vnfcId, record.Assignment, state.ExtVirtualLinks, cancellationToken);
        if (realiser.VimSchedules)
        {
            // The VIM may put the re-created server elsewhere: the claim follows it.
            await VnfLcmStepData.RecordPlacementAsync(context, healed, cancellationToken);
        }
        return VnfLcmStepData.ToJson(healed);
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
