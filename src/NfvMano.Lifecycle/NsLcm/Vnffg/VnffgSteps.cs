using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// NS LCM step: realises every VNFFG of the NS flavour on the Open vSwitch bridge, after the VNF steps. The SAPs the
/// VNFFGs start or end at become OVS internal ports (<see cref="VnffgPlanner.SapPortName"/>); the VNF instances are the
/// NS's members as the database has them now. Input: <c>flavourId</c>, and <c>vnffgState</c> when an update changes
/// which VNFFGs are in force or their classifiers (<see cref="VnffgState"/>; the chains of removed VNFFGs go). Re-running it (retry, or after a scale or heal
/// changed the VNFCs) replaces the chains. Compensation removes the chains and SAP ports.
/// </summary>
internal sealed class ApplyVnffgsStep(VnffgRealiser realiser, OvsBridgeManager bridge, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.vnffg.apply";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, nsdFlavour) = await VnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        // The VNFFGs in force: the operation's new state (an update's) or the instance's recorded one.
        var state = context.Input[VnffgState.Key] as JsonObject ?? await VnffgStepData.RecordedStateAsync(context, nsId, cancellationToken);
        var flavour = VnffgState.Effective(nsdFlavour, state);
        foreach (var removed in nsdFlavour.Vnffgs.Where(g => flavour.Vnffgs.All(e => e.Id != g.Id)))
        {
            await realiser.RemoveAsync(nsId, removed, cancellationToken);
        }
        var sapPorts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sap in VnffgPlanner.SapsOf(flavour))
        {
            var port = await bridge.EnsurePortAsync(VnffgPlanner.SapPortName(nsId, sap), OvsPortType.Internal, null, cancellationToken);
            sapPorts[sap] = port.Name;
        }

        var members = await context.Db.NsVnfs.AsNoTracking().Where(m => m.NsInstanceId == nsId).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.VnfInstanceId).ToList();
        var states = await context.Db.VnfInstances.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new { v.Id, v.InstantiatedJson }).ToListAsync(cancellationToken);
        var vnfs = members
            .Select(m => (m, InstantiatedVnf.Parse(states.FirstOrDefault(s => s.Id == m.VnfInstanceId)?.InstantiatedJson)))
            .Where(x => x.Item2 is not null)
            .Select(x => new VnffgVnfInstance(x.m.VnfProfileId, x.m.VnfInstanceId, x.Item2!))
            .ToList();
        var vnffgContext = new VnffgContext(nsId, flavour, vnfs, sapPorts);

        var output = new JsonObject();
        var paths = new JsonObject();
        foreach (var vnffg in flavour.Vnffgs)
        {
            try
            {
                var chains = await realiser.ApplyAsync(vnffgContext, vnffg.Id, cancellationToken);
                output[vnffg.Id] = new JsonArray([.. chains.Select(c => (JsonNode)JsonValue.Create(c.ChainId))]);
                paths[vnffg.Id] = VnffgPaths.Of(VnffgPlanner.Plan(vnffgContext, vnffg.Id));
            }
            catch (VnffgException e)
            {
                // The NSD or the VNF instances lack something: retrying cannot help.
                throw new PermanentStepException(e.Message, e);
            }
        }

        return new JsonObject
        {
            ["vnffgs"] = output,
            ["sapPorts"] = new JsonObject([.. sapPorts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            [VnffgPaths.Key] = paths,
        };
    }

    public async Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await VnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        await VnffgStepData.RemoveAsync(realiser, bridge, nsId, flavour, cancellationToken);
    }
}

/// <summary>
/// NS LCM step: removes every VNFFG of the NS flavour from the bridge, and the SAP ports, before the VNFs go (terminate).
/// Input: <c>flavourId</c>. Nothing to compensate: a terminate that fails later is continued, not undone.
/// </summary>
internal sealed class RemoveVnffgsStep(VnffgRealiser realiser, OvsBridgeManager bridge, NsdSource nsds) : IStepHandler
{
    public const string HandlerKey = "nslcm.vnffg.remove";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var (nsId, flavour) = await VnffgStepData.FlavourAsync(context, nsds, cancellationToken);
        await VnffgStepData.RemoveAsync(realiser, bridge, nsId, flavour, cancellationToken);
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class VnffgStepData
{
    public static async Task<(Guid NsId, NsFlavour Flavour)> FlavourAsync(StepContext context, NsdSource nsds, CancellationToken cancellationToken)
    {
        var nsId = Guid.Parse((string)context.RunInput["nsInstanceId"]!);
        var ns = await context.Db.NsInstances.AsNoTracking().SingleAsync(i => i.Id == nsId, cancellationToken);
        var flavourId = context.Input["flavourId"] is JsonValue v ? v.GetValue<string>() : ns.FlavourId;
        var nsd = await nsds.GetAsync(ns.NsdInfoId, cancellationToken);
        return (nsId, NsdSource.Flavour(nsd, flavourId));
    }

    public static async Task<JsonObject?> RecordedStateAsync(StepContext context, Guid nsId, CancellationToken cancellationToken) =>
        VnffgState.Recorded(await context.Db.NsInstances.AsNoTracking().Where(i => i.Id == nsId).Select(i => i.InstantiatedJson).SingleAsync(cancellationToken));

    public static async Task RemoveAsync(VnffgRealiser realiser, OvsBridgeManager bridge, Guid nsId, NsFlavour flavour, CancellationToken cancellationToken)
    {
        await realiser.RemoveAllAsync(nsId, flavour, cancellationToken);
        foreach (var sap in VnffgPlanner.SapsOf(flavour))
        {
            await bridge.DeletePortAsync(VnffgPlanner.SapPortName(nsId, sap), cancellationToken);
        }
    }
}

/// <summary>
/// The paths the steered VNFFGs take, as recorded in the NS instance (<see cref="Key"/>) and shown in its
/// <c>vnffgInfo</c>: per VNFFG and NFP, the SAPs traffic enters and leaves by and, hop by hop, the VNFC ports it passes.
/// </summary>
public static class VnffgPaths
{
    /// <summary>The key of the paths in a step's output and in the NS instance's instantiated record.</summary>
    public const string Key = "vnffgPaths";

    /// <summary>The paths of the NFP plans of one VNFFG, by NFP id.</summary>
    public static JsonObject Of(IReadOnlyList<NfpPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var result = new JsonObject();
        foreach (var plan in plans)
        {
            result[plan.NfpId] = new JsonObject
            {
                ["ingressSap"] = plan.IngressSap,
                ["egressSap"] = plan.EgressSap,
                ["hops"] = new JsonArray([.. plan.Hops.Select(h => (JsonNode)new JsonObject
                {
                    ["positionId"] = h.PositionId,
                    ["instances"] = new JsonArray([.. h.Instances.Select(i => (JsonNode)new JsonObject
                    {
                        ["vnfProfileId"] = i.VnfProfileId,
                        ["vnfInstanceId"] = i.VnfInstanceId.ToString(),
                        ["vnfcInstanceId"] = i.VnfcId,
                        ["ingressCpdId"] = i.IngressCp,
                        ["egressCpdId"] = i.EgressCp,
                    })]),
                })]),
            };
        }
        return result;
    }
}
