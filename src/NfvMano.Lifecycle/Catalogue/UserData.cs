using System.Text.Json.Nodes;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>User-defined data changes as SOL005 asks: a JSON merge patch (RFC 7396) of the stored object.</summary>
public static class UserData
{
    /// <summary>Applies <paramref name="patch"/> to the stored object and returns the result.</summary>
    /// <param name="storedJson">The stored object.</param>
    /// <param name="patch">The patch: a member set to null is removed, an object is merged, anything else replaces.</param>
    public static string MergePatch(string storedJson, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var target = JsonNode.Parse(storedJson) as JsonObject ?? [];
        Merge(target, patch);
        return target.ToJsonString();
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child)
            {
                if (target[key] is not JsonObject existing)
                {
                    existing = [];
                    target[key] = existing;
                }

                Merge(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
