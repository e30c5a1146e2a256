using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// Removes every network of the instance (after its VNFCs are gone) and, on a VIM that schedules itself, the package's
/// images no other instance needs and the SR-IOV provider networks no server uses.
/// </summary>
internal sealed class DeleteNetworksStep(VnfcRealiser realiser, VnfdSource vnfds) : IStepHandler
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
        await ReleaseSharedAsync(context, realiser, vnfds, cancellationToken);
        return [];
    }

    /// <summary>Releases what instances of a package share on a scheduling VIM once this instance no longer needs it.</summary>
    internal static async Task ReleaseSharedAsync(StepContext context, VnfcRealiser realiser, VnfdSource vnfds, CancellationToken cancellationToken)
    {
        if (!realiser.VimSchedules)
        {
            return;
        }
        var instanceId = VnfLcmStepData.InstanceId(context);
        var packageId = VnfLcmStepData.PackageId(context);
        var instancesOfPackage = context.Db.VnfInstances.Where(i => i.VnfPkgId == packageId && i.Id != instanceId);
        // Another instance holds VNFCs, or has an operation under way that may be creating some.
        var inUse = await instancesOfPackage.AnyAsync(i => i.InstantiationState == VnfLcmStates.Instantiated, cancellationToken)
            || await context.Db.VnfLcmOpOccs.AnyAsync(o => instancesOfPackage.Any(i => i.Id == o.VnfInstanceId)
                && (o.OperationState == "STARTING" || o.OperationState == "PROCESSING" || o.OperationState == "FAILED_TEMP" || o.OperationState == "ROLLING_BACK"), cancellationToken);
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        await realiser.ReleaseSharedAsync(instanceId, packageId, !inUse, flavour, cancellationToken);
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
