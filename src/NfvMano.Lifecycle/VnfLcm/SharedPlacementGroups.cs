using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Placement.Requests;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// Server groups a VNF belongs to as a whole, beside the groups of its own VNFD: an NS's affinity and anti-affinity
/// rules between its VNFs. The NFVO writes them into the VNF instance's metadata when it creates the VNF, so every
/// later grant of the VNF (instantiate, scale out, heal) honours them, and SOL003 readers see them.
/// </summary>
public static class SharedPlacementGroups
{
    /// <summary>The metadata key: an array of <c>{name, policy, scope}</c>.</summary>
    public const string MetadataKey = "nsPlacementGroups";

    /// <summary>The prefix of every such group's name (<c>ns-{nsInstanceId}/{rule}</c>).</summary>
    public const string NamePrefix = "ns-";

    /// <summary>The groups as metadata.</summary>
    public static JsonArray ToJson(IEnumerable<ServerGroup> groups) =>
        [.. groups.Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Name,
            ["policy"] = g.Policy == GroupPolicy.Affinity ? "AFFINITY" : "ANTI_AFFINITY",
            ["scope"] = g.Scope == GroupScope.Host ? "NFVI_NODE" : "ZONE",
        })];

    /// <summary>
    /// The groups a VNF instance's metadata names, with the instance as the member (its own VNFCs do not exclude each
    /// other; the VNFD's rules decide that); none when it names none or the entry is not readable.
    /// </summary>
    public static IReadOnlyList<ServerGroup> Read(string? metadataJson, Guid vnfInstanceId)
    {
        if (string.IsNullOrEmpty(metadataJson))
        {
            return [];
        }

        JsonNode? metadata;
        try
        {
            metadata = JsonNode.Parse(metadataJson);
        }
        catch (JsonException)
        {
            return [];
        }

        var groups = new List<ServerGroup>();
        foreach (var entry in (metadata as JsonObject)?[MetadataKey] as JsonArray ?? [])
        {
            if (entry is JsonObject o && o["name"]?.GetValueKind() == JsonValueKind.String && o["name"]!.GetValue<string>() is { Length: > 0 } name)
            {
                var policy = (o["policy"] as JsonValue)?.ToString() == "AFFINITY" ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity;
                var scope = (o["scope"] as JsonValue)?.ToString() == "NFVI_NODE" ? GroupScope.Host : GroupScope.Zone;
                groups.Add(new ServerGroup(name, policy, scope, vnfInstanceId.ToString()));
            }
        }

        return groups;
    }
}
