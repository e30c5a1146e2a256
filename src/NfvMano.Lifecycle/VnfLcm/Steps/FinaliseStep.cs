using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>
/// The last step of every operation: writes what the VNF now holds (from the outputs of the steps before it) into
/// the instance and the operation's resource changes, in the step's own commit, so the instance never shows half an
/// operation.
/// </summary>
internal sealed class FinaliseStep(TimeProvider time, IOptions<VnfLcmOptions> options) : IStepHandler
{
    public const string HandlerKey = "vnflcm.finalise";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instance = await VnfLcmStepData.InstanceAsync(context, cancellationToken);
        var operation = VnfLcmStepData.Text(context.RunInput, "operation");
        var before = InstantiatedVnf.Parse(instance.InstantiatedJson);
        var vnfcs = (before?.Vnfcs ?? []).ToList();
        var networks = (before?.Networks ?? []).ToList();
        var changes = new JsonArray();

        foreach (var (name, output) in context.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (name.StartsWith("delete:", StringComparison.Ordinal))
            {
                var id = VnfLcmStepData.Text(output, "vnfcId");
                var removed = vnfcs.Find(v => v.Id == id);
                vnfcs.RemoveAll(v => v.Id == id);
                if (removed is not null)
                {
                    changes.Add(Change(removed, "REMOVED"));
                }
            }
            else if (name.StartsWith("create:", StringComparison.Ordinal) || name.StartsWith("heal:", StringComparison.Ordinal)
                || name.StartsWith("ext-conn:", StringComparison.Ordinal))
            {
                var record = VnfLcmStepData.FromJson<VnfcRecord>(output);
                var at = vnfcs.FindIndex(v => v.Id == record.Id);
                if (at >= 0)
                {
                    vnfcs[at] = record;
                }
                else
                {
                    vnfcs.Add(record);
                }
                changes.Add(Change(record, at >= 0 ? "MODIFIED" : "ADDED"));
            }
            else if (name == "networks" && output["networks"] is JsonArray created)
            {
                networks.AddRange(created.Select(n => VnfLcmStepData.FromJson<NetworkRecord>(n!)));
            }
            else if (name == "delete-networks")
            {
                networks.Clear();
            }
        }

        var input = context.Input;
        if (operation == VnfLcmStates.Operations.Terminate)
        {
            instance.InstantiationState = VnfLcmStates.NotInstantiated;
            instance.InstantiatedJson = null;
            var instanceId = instance.Id;
            // Whatever the instance still held (a VNFC removed outside an operation) is released with it.
            context.Db.PlacementClaims.RemoveRange(await context.Db.PlacementClaims.Where(c => c.VnfInstanceId == instanceId).ToListAsync(cancellationToken));
        }
        else
        {
            // A new flavour brings its own aspects: the old flavour's levels do not carry over.
            var newFlavour = input["flavourId"]?.GetValue<string>();
            var scaleLevels = new Dictionary<string, int>(newFlavour is null ? before?.ScaleLevels ?? new Dictionary<string, int>() : new Dictionary<string, int>(), StringComparer.Ordinal);
            if (input["scaleLevels"] is JsonObject levels)
            {
                foreach (var (aspect, level) in levels)
                {
                    scaleLevels[aspect] = level!.GetValue<int>();
                }
            }
            var state = new InstantiatedVnf(
                newFlavour ?? before?.FlavourId ?? VnfLcmStepData.FlavourId(context),
                input["instantiationLevelId"]?.GetValue<string>() ?? before?.InstantiationLevelId,
                input["vnfState"]?.GetValue<string>() ?? before?.VnfState ?? "STARTED",
                scaleLevels,
                vnfcs,
                networks,
                input["extVirtualLinks"] is JsonArray links ? [.. links.Select(l => VnfLcmStepData.FromJson<ExtVirtualLinkRecord>(l!))] : before?.ExtVirtualLinks);
            instance.InstantiationState = VnfLcmStates.Instantiated;
            instance.InstantiatedJson = state.ToJson();
        }
        instance.UpdatedAt = time.GetUtcNow();

        var opOcc = await context.Db.VnfLcmOpOccs.SingleOrDefaultAsync(o => o.Id == context.RunId, cancellationToken);
        if (opOcc is not null)
        {
            opOcc.ResourceChangesJson = new JsonObject { ["affectedVnfcs"] = changes }.ToJsonString();
        }
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private JsonObject Change(VnfcRecord vnfc, string changeType) => new()
    {
        ["id"] = vnfc.Id,
        ["vduId"] = vnfc.VduId,
        ["changeType"] = changeType,
        ["computeResource"] = new JsonObject { ["resourceId"] = vnfc.ServerId, ["vimLevelResourceType"] = options.Value.ComputeResourceType },
    };
}
