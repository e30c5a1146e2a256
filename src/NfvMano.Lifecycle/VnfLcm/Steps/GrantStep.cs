using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.Grants;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// Asks for the grant of the VNFCs the operation adds: the placement engine decides where each goes and the claims
/// commit at once. A rejection stops the operation (FAILED_TEMP) with the placement's explanation. The grant is kept
/// like one given to an outside VNFM (readable at grant/v1 under the operation occurrence's id), so the operation
/// occurrence's <c>grantId</c> leads to it.
/// </summary>
internal sealed class GrantStep(PlacementGrants grants, VnfdSource vnfds, IOptions<VnfLcmOptions> options, TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "vnflcm.grant";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instanceId = VnfLcmStepData.InstanceId(context);
        var (_, flavour) = await VnfLcmStepData.DescriptorAsync(context, vnfds, cancellationToken);
        var vnfcs = VnfLcmStepData.Vnfcs(context.Input);
        var metadata = await context.Db.VnfInstances.Where(i => i.Id == instanceId).Select(i => i.MetadataJson).SingleAsync(cancellationToken);
        var vnfGroups = SharedPlacementGroups.Read(metadata, instanceId);
        var items = vnfcs.Select(v => new GrantItem(
            VnfcRealiser.RequestId(instanceId, v.VnfcId),
            VnfcRealiser.PlacementRequestFor(instanceId, flavour, VnfLcmStepData.VduOf(flavour, v.VduId), v.VnfcId, vnfGroups))).ToList();
        try
        {
            var granted = await grants.GrantAsync(context.Db, instanceId, context.RunId, items, cancellationToken);
            var assignments = new JsonObject();
            foreach (var (vnfcId, _) in vnfcs)
            {
                assignments[vnfcId] = JsonSerializer.SerializeToNode(granted[VnfcRealiser.RequestId(instanceId, vnfcId)], PlacementGrants.Json);
            }
            var opOcc = await context.Db.VnfLcmOpOccs.SingleAsync(o => o.Id == context.RunId, cancellationToken);
            if (!await context.Db.Grants.AnyAsync(g => g.Id == context.RunId, cancellationToken))
            {
                context.Db.Grants.Add(GrantService.Record(context.RunId, opOcc.TenantId, instanceId, context.RunId, opOcc.Operation, options.Value.Zone,
                    [.. vnfcs.Select(v => (v.VnfcId, (NfvMano.Placement.Claims.Assignment?)granted[VnfcRealiser.RequestId(instanceId, v.VnfcId)]))],
                    [], time.GetUtcNow()));
            }
            opOcc.GrantId = context.RunId;
            return new JsonObject { ["assignments"] = assignments };
        }
        catch (GrantRejectedException e)
        {
            throw new PermanentStepException(e.Message, e);
        }
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var runId = context.RunId;
        var claims = await context.Db.PlacementClaims.Where(c => c.OpOccId == runId).ToListAsync(cancellationToken);
        context.Db.PlacementClaims.RemoveRange(claims);
    }
}
