using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Descriptors.Vnfd;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Placement.Claims;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>What every VNF LCM step reads from its run: the instance, its VNFD and flavour, and the grant.</summary>
internal static class VnfLcmStepData
{
    public const string GrantStep = "grant";

    public static Guid InstanceId(StepContext context) => Guid.Parse(Text(context.RunInput, "instanceId"));

    public static Guid PackageId(StepContext context) => Guid.Parse(Text(context.RunInput, "packageId"));

    public static string FlavourId(StepContext context) => Text(context.RunInput, "flavourId");

    public static string Text(JsonObject data, string key) =>
        data[key]?.GetValue<string>() ?? throw new PermanentStepException($"the step data has no '{key}'");

    public static async Task<(VnfDescriptor Vnfd, DeploymentFlavour Flavour)> DescriptorAsync(StepContext context, VnfdSource vnfds, CancellationToken cancellationToken)
    {
        var vnfd = await vnfds.GetAsync(PackageId(context), cancellationToken);
        return (vnfd, VnfdSource.Flavour(vnfd, FlavourId(context)));
    }

    public static Vdu VduOf(DeploymentFlavour flavour, string vduId) =>
        flavour.Vdus.FirstOrDefault(v => v.Id == vduId) ?? throw new PermanentStepException($"flavour {flavour.FlavourId} has no VDU {vduId}");

    public static async Task<VnfInstanceEntity> InstanceAsync(StepContext context, CancellationToken cancellationToken)
    {
        var id = InstanceId(context);
        return await context.Db.VnfInstances.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new PermanentStepException($"VNF instance {id} does not exist");
    }

    public static async Task<InstantiatedVnf?> StateAsync(StepContext context, CancellationToken cancellationToken) =>
        InstantiatedVnf.Parse((await InstanceAsync(context, cancellationToken)).InstantiatedJson);

    /// <summary>
    /// The external virtual links the VNFCs of this run are connected to: those the run sets (instantiate,
    /// change_ext_conn), else the instance's current ones.
    /// </summary>
    public static async Task<IReadOnlyList<ExtVirtualLinkRecord>?> ExternalLinksAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunInput["extVirtualLinks"] is JsonArray links
            ? [.. links.Select(l => FromJson<ExtVirtualLinkRecord>(l!))]
            : (await StateAsync(context, cancellationToken))?.ExtVirtualLinks;

    /// <summary>The VNFCs to add, as planned: (vnfcId, vduId).</summary>
    public static IReadOnlyList<(string VnfcId, string VduId)> Vnfcs(JsonObject input) =>
        input["vnfcs"] is JsonArray array
            ? [.. array.Select(n => (Text(n!.AsObject(), "vnfcId"), Text(n!.AsObject(), "vduId")))]
            : [];

    public static JsonArray VnfcsJson(IEnumerable<(string VnfcId, string VduId)> vnfcs) =>
        [.. vnfcs.Select(v => (JsonNode)new JsonObject { ["vnfcId"] = v.VnfcId, ["vduId"] = v.VduId })];

    /// <summary>The assignment the grant of this run made for a VNFC, if the grant is done.</summary>
    public static Assignment? GrantedTo(StepContext context, string vnfcId) =>
        context.Outputs.TryGetValue(GrantStep, out var grant) && grant["assignments"]?[vnfcId] is JsonNode node
            ? node.Deserialize<Assignment>(PlacementGrants.Json)
            : null;

    /// <summary>
    /// Rewrites a VNFC's claim with where a scheduling VIM really put it, in the step's own commit, so the claim a
    /// scale-in or terminate releases is the placement the VIM made.
    /// </summary>
    public static async Task RecordPlacementAsync(StepContext context, VnfcRecord record, CancellationToken cancellationToken)
    {
        var requestId = VnfcRealiser.RequestId(InstanceId(context), record.Id);
        var claim = await context.Db.PlacementClaims.SingleOrDefaultAsync(c => c.RequestId == requestId, cancellationToken)
            ?? throw new PermanentStepException($"VNFC {record.Id} holds no claim to record its placement in");
        claim.Host = record.Assignment.Host;
        claim.AssignmentJson = JsonSerializer.Serialize(record.Assignment, PlacementGrants.Json);
    }

    public static JsonObject ToJson<T>(T value) =>
        JsonSerializer.SerializeToNode(value, InstantiatedVnf.Json)!.AsObject();

    public static T FromJson<T>(JsonNode node) =>
        node.Deserialize<T>(InstantiatedVnf.Json) ?? throw new JsonException($"no {typeof(T).Name}");
}
