using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// Records the NS instance's new state once every VNF step is done: NS state, flavour, instantiation level, scale
/// levels, SAP data, the NS virtual links' networks; and the VNFs the operation affected as its resource changes. It runs last, so there is nothing to
/// undo: a rollback never reaches a completed operation.
/// </summary>
internal sealed class NsFinaliseStep(TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "nslcm.finalise";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var nsId = NsStepData.NsInstanceId(context);
        var ns = await context.Db.NsInstances.SingleAsync(i => i.Id == nsId, cancellationToken);
        var input = context.Input;
        if (NsStepData.Str(input, "nsState") is { } state)
        {
            ns.NsState = state;
        }
        if (input.ContainsKey("flavourId"))
        {
            ns.FlavourId = NsStepData.Str(input, "flavourId");
        }
        if (input.ContainsKey("instantiated"))
        {
            var record = input["instantiated"]?.DeepClone() as JsonObject;
            // The networks the virtual-links step made for the NS virtual links, as the VIM named them.
            if (record is not null && context.Outputs.Values.Select(o => o["nsVirtualLinks"]).OfType<JsonArray>().FirstOrDefault() is { } links)
            {
                record["virtualLinks"] = links.DeepClone();
            }
            ns.InstantiatedJson = record?.ToJsonString();
        }
        // An update's changes to the instantiated record (SAPs, VNFFG state), key by key.
        if (input["patch"] is JsonObject { Count: > 0 } patch && ns.InstantiatedJson is { } before && JsonNode.Parse(before) is JsonObject patched)
        {
            foreach (var (key, value) in patch)
            {
                patched[key] = value?.DeepClone();
            }
            ns.InstantiatedJson = patched.ToJsonString();
        }
        if (input["scaleLevels"] is JsonObject levels && ns.InstantiatedJson is { } json && JsonNode.Parse(json) is JsonObject instantiated)
        {
            var current = instantiated["scaleLevels"] as JsonObject ?? [];
            foreach (var (aspect, level) in levels)
            {
                current[aspect] = level?.DeepClone();
            }
            instantiated["scaleLevels"] = current.DeepClone();
            ns.InstantiatedJson = instantiated.ToJsonString();
        }
        // Where the VNFFGs were steered in this operation (instantiate, scale, heal, update): the paths as they now are.
        if (context.Outputs.Values.Select(o => o[Vnffg.VnffgPaths.Key]).OfType<JsonObject>().FirstOrDefault() is { } paths
            && ns.InstantiatedJson is { } recorded && JsonNode.Parse(recorded) is JsonObject withPaths)
        {
            withPaths[Vnffg.VnffgPaths.Key] = paths.DeepClone();
            ns.InstantiatedJson = withPaths.ToJsonString();
        }
        ns.UpdatedAt = time.GetUtcNow();
        var affected = new JsonArray([.. context.Outputs.Values.Select(o => o["affectedVnf"]).OfType<JsonObject>().Select(a => (JsonNode)a.DeepClone())]);
        var occ = await context.Db.NsLcmOpOccs.SingleAsync(o => o.Id == context.RunId, cancellationToken);
        occ.ResourceChangesJson = new JsonObject { ["affectedVnfs"] = affected }.ToJsonString();
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
