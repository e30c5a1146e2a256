using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence.NsLcm;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>Adopts an existing VNF instance into the NS (ADD_VNF); compensation lets it go again, untouched.</summary>
internal sealed class AddVnfStep(TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "nslcm.add-vnf";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfId = Guid.Parse(NsStepData.Str(context.Input, "vnfInstanceId")!);
        var profile = NsStepData.Str(context.Input, "vnfProfileId")!;
        var nsId = NsStepData.NsInstanceId(context);
        var vnf = await context.Db.VnfInstances.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vnfId, cancellationToken)
            ?? throw new PermanentStepException($"VNF instance {vnfId} no longer exists.");
        var member = await context.Db.NsVnfs.SingleOrDefaultAsync(m => m.VnfInstanceId == vnfId, cancellationToken);
        if (member is not null && member.NsInstanceId != nsId)
        {
            throw new PermanentStepException($"VNF instance {vnfId} already belongs to NS instance {member.NsInstanceId}.");
        }
        if (member is null)
        {
            context.Db.NsVnfs.Add(new NsVnfEntity
            {
                VnfInstanceId = vnfId,
                NsInstanceId = nsId,
                VnfProfileId = profile,
                CreatedByNs = false,
                AddedByOpOccId = context.RunId,
                AddedByStep = context.StepName,
                AddedAt = time.GetUtcNow(),
            });
        }
        return NsStepData.Affected(vnfId, profile, vnf.VnfdId, vnf.Name, "ADD");
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfId = Guid.Parse(NsStepData.Str(context.Input, "vnfInstanceId")!);
        var member = await context.Db.NsVnfs.SingleOrDefaultAsync(m => m.VnfInstanceId == vnfId && m.AddedByOpOccId == context.RunId, cancellationToken);
        if (member is not null)
        {
            context.Db.NsVnfs.Remove(member);
        }
    }
}
