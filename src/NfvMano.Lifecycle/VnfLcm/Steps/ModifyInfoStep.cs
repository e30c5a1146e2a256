using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>Applies a <c>VnfInfoModificationRequest</c> (name, description, metadata and extensions as merge-patch) to the instance.</summary>
internal sealed class ModifyInfoStep(TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "vnflcm.modify-info";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var instance = await VnfLcmStepData.InstanceAsync(context, cancellationToken);
        foreach (var (key, value) in context.Input["changes"] as JsonObject ?? [])
        {
            switch (key)
            {
                case "vnfInstanceName":
                    instance.Name = value?.GetValue<string>();
                    break;
                case "vnfInstanceDescription":
                    instance.Description = value?.GetValue<string>();
                    break;
                case "metadata":
                    instance.MetadataJson = MergePatch(instance.MetadataJson, value as JsonObject);
                    break;
                case "extensions":
                    instance.ExtensionsJson = MergePatch(instance.ExtensionsJson, value as JsonObject);
                    break;
                default:
                    throw new PermanentStepException($"'{key}' cannot be modified");
            }
        }
        instance.UpdatedAt = time.GetUtcNow();
        return [];
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    internal static string MergePatch(string currentJson, JsonObject? patch)
    {
        var current = JsonNode.Parse(currentJson) as JsonObject ?? [];
        foreach (var (key, value) in patch ?? [])
        {
            if (value is null)
            {
                current.Remove(key);
            }
            else if (value is JsonObject inner && current[key] is JsonObject existing)
            {
                current[key] = JsonNode.Parse(MergePatch(existing.ToJsonString(), inner));
            }
            else
            {
                current[key] = value.DeepClone();
            }
        }
        return current.ToJsonString();
    }
}
