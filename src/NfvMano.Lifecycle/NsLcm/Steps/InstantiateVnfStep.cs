using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence.NsLcm;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// Creates one constituent VNF instance and instantiates it through the VNF LCM, waiting for its operation. The VNF
/// instance (marked in its metadata) and the NS membership are recorded before the wait, so a re-entered step resumes
/// the same VNF. The VNF's external virtual links are the NS virtual links the NSD binds its requirements to, each on
/// the NS link's VIM network (<see cref="NsNetworks"/>) with the CP the VNFD exposes for the requirement. Compensation
/// terminates and deletes that VNF (rolling its own operation back first if it failed): what this step created and
/// nothing else.
/// </summary>
internal sealed class InstantiateVnfStep(VnfOperations vnfs, NsdSource nsds, VnfLcm.VnfdSource vnfds, NsLcmNotifications notifications, TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "nslcm.instantiate-vnf";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var marker = VnfOperations.MarkerOf(context);
        var tenant = NsStepData.TenantId(context);
        var nsId = NsStepData.NsInstanceId(context);
        var profile = NsStepData.Str(input, "vnfProfileId")!;
        var what = $"VNF {profile} of NS instance {nsId}";
        var vnf = await vnfs.FindCreatedAsync(marker, cancellationToken);
        if (vnf is null)
        {
            var metadata = input["metadata"]?.DeepClone() as JsonObject ?? [];
            metadata["nsInstanceId"] = nsId.ToString();
            metadata["vnfProfileId"] = profile;
            metadata[VnfOperations.MarkerKey] = marker;
            try
            {
                vnf = await vnfs.WithVnfLcmAsync((lcm, _) => lcm.CreateAsync(tenant, NsStepData.Str(input, "vnfdId"),
                    NsStepData.Str(input, "vnfInstanceName"), NsStepData.Str(input, "vnfInstanceDescription"), metadata, cancellationToken), cancellationToken);
            }
            catch (VnfLcm.VnfLcmException e)
            {
                throw new PermanentStepException($"{what}: the VNFM refused to create it: {e.Message}", e);
            }
        }
        await vnfs.WithVnfLcmAsync(async (_, db) =>
        {
            if (!await db.NsVnfs.AnyAsync(m => m.VnfInstanceId == vnf.Id, cancellationToken))
            {
                db.NsVnfs.Add(new NsVnfEntity
                {
                    VnfInstanceId = vnf.Id,
                    NsInstanceId = nsId,
                    VnfProfileId = profile,
                    CreatedByNs = true,
                    AddedByOpOccId = context.RunId,
                    AddedByStep = context.StepName,
                    AddedAt = time.GetUtcNow(),
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            return 0;
        }, cancellationToken);

        var request = new JsonObject
        {
            ["flavourId"] = NsStepData.Str(input, "flavourId"),
            ["instantiationLevelId"] = NsStepData.Str(input, "instantiationLevelId"),
            ["additionalParams"] = input["additionalParams"]?.DeepClone(),
        };
        if (await NsVnfLinks.ForAsync(context, nsds, vnfds, vnf.VnfPkgId, profile, NsStepData.Str(input, "flavourId"), cancellationToken) is { Count: > 0 } links)
        {
            request["extVirtualLinks"] = links;
        }
        var occ = await vnfs.EnsureCompletedAsync(context, vnf.Id, what, lcm => lcm.InstantiateAsync(tenant, vnf.Id,
            NsStepData.Str(input, "flavourId"), NsStepData.Str(input, "instantiationLevelId"), VnfOperations.Marked(request, marker), cancellationToken),
            cancellationToken);
        var member = await context.Db.NsVnfs.SingleAsync(m => m.VnfInstanceId == vnf.Id, cancellationToken);
        member.LastVnfOpOccId = occ.Id;
        notifications.VnfChanged(context.Db, await context.Db.NsInstances.SingleAsync(i => i.Id == member.NsInstanceId, cancellationToken),
            context.RunId, vnf.Id, occ.Id, "VNF_INSTANTIATE", "COMPLETED");
        var output = NsStepData.Affected(vnf.Id, profile, vnf.VnfdId, vnf.Name, "ADD");
        output["vnfInstanceId"] = vnf.Id.ToString();
        output["vnfLcmOpOccId"] = occ.Id.ToString();
        return output;
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var marker = VnfOperations.MarkerOf(context);
        var vnf = await vnfs.FindCreatedAsync(marker, cancellationToken);
        if (vnf is null)
        {
            return;
        }
        await vnfs.EnsureGoneAsync(context, vnf.Id, $"Rolling back VNF {NsStepData.Str(context.Input, "vnfProfileId")} of NS instance {NsStepData.NsInstanceId(context)}", cancellationToken);
        var member = await context.Db.NsVnfs.SingleOrDefaultAsync(m => m.VnfInstanceId == vnf.Id, cancellationToken);
        if (member is not null)
        {
            context.Db.NsVnfs.Remove(member);
        }
    }
}
