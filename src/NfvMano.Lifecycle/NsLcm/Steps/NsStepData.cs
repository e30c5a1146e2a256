using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>What NS steps read from the run's input and write to their outputs.</summary>
internal static class NsStepData
{
    public static Guid NsInstanceId(StepContext context) => Guid.Parse((string)context.RunInput["nsInstanceId"]!);

    public static string TenantId(StepContext context) => (string?)context.RunInput["tenantId"] ?? "default";

    public static string? Str(JsonObject input, string key) =>
        input[key] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A SOL005 <c>AffectedVnf</c> as a step output, collected into the occurrence's resource changes.</summary>
    public static JsonObject Affected(Guid vnfInstanceId, string vnfProfileId, string? vnfdId, string? vnfName, string changeType) => new()
    {
        ["affectedVnf"] = new JsonObject
        {
            ["vnfInstanceId"] = vnfInstanceId.ToString(),
            ["vnfdId"] = vnfdId,
            ["vnfProfileId"] = vnfProfileId,
            ["vnfName"] = vnfName,
            ["changeType"] = changeType,
            ["changeResult"] = "COMPLETED",
        },
    };
}
