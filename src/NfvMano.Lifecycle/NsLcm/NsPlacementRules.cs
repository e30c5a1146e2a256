using System.Text.Json.Nodes;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.NsLcm.Steps;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Placement.Requests;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>
/// An NS's affinity and anti-affinity rules between its VNFs — the NSD flavour's <c>AffinityRule</c> /
/// <c>AntiAffinityRule</c> policies that target VNF profiles, and the SOL005 <c>additionalAffinityOrAntiAffinityRule</c>
/// of the InstantiateNsRequest — as placement server groups (<c>ns-{nsInstanceId}/{rule}</c>) whose members are VNF
/// instances: an anti-affinity rule keeps the VNFCs of different VNFs apart (instances of one profile included), while
/// whether a VNF's own VNFCs may share a host stays the VNFD's decision.
/// </summary>
internal static class NsPlacementRules
{
    /// <summary>Where the NS instance keeps the request's rules, for the VNFs later scale-outs and updates add.</summary>
    public const string InstantiatedKey = "additionalAffinityOrAntiAffinityRule";

    private static readonly string[] Scopes = ["NFVI_POP", "ZONE", "ZONE_GROUP", "NFVI_NODE"];

    /// <summary>Checks the request's rules against the flavour; each problem names its JSON path.</summary>
    public static void Check(IReadOnlyList<JsonObject> rules, NsFlavour flavour, List<string> problems)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var at = $"$.additionalAffinityOrAntiAffinityRule[{i}]";
            var rule = rules[i];
            if (NsStepData.Str(rule, "affinityOrAntiAffiinty") is not ("AFFINITY" or "ANTI_AFFINITY"))
            {
                problems.Add($"{at}.affinityOrAntiAffiinty: '{NsStepData.Str(rule, "affinityOrAntiAffiinty")}' is not AFFINITY or ANTI_AFFINITY");
            }

            if (NsStepData.Str(rule, "scope") is not { } scope || !Scopes.Contains(scope))
            {
                problems.Add($"{at}.scope: '{NsStepData.Str(rule, "scope")}' is not one of {string.Join(", ", Scopes)}");
            }

            if (rule["vnfInstanceId"] is JsonArray { Count: > 0 })
            {
                // Their VNFCs were placed without the group; a group only some members honour would promise too much.
                problems.Add($"{at}.vnfInstanceId: rules naming existing VNF instances are not supported; name vnfProfileId or vnfdId");
            }

            var profiles = Strings(rule, "vnfProfileId");
            foreach (var unknown in profiles.Where(p => flavour.VnfProfiles.All(v => v.Id != p)))
            {
                problems.Add($"{at}.vnfProfileId: '{unknown}' is not a VNF profile of flavour {flavour.FlavourId} (it has {string.Join(", ", flavour.VnfProfiles.Select(v => v.Id))})");
            }

            var vnfds = Strings(rule, "vnfdId");
            foreach (var unknown in vnfds.Where(d => flavour.VnfProfiles.All(v => v.VnfdId != d)))
            {
                problems.Add($"{at}.vnfdId: '{unknown}' is not the VNFD of any VNF profile of flavour {flavour.FlavourId}");
            }

            if (profiles.Count == 0 && vnfds.Count == 0)
            {
                problems.Add($"{at}: names no vnfProfileId or vnfdId, so it binds nothing");
            }
        }
    }

    /// <summary>The groups a VNF of <paramref name="profile"/> joins in NS instance <paramref name="nsInstanceId"/>.</summary>
    public static IReadOnlyList<ServerGroup> GroupsOf(Guid nsInstanceId, NsFlavour flavour, IReadOnlyList<JsonObject> additional, VnfProfile profile)
    {
        var groups = new List<ServerGroup>();
        foreach (var rule in flavour.PlacementRules.Where(r => r.Targets.Contains(profile.Id)))
        {
            groups.Add(new ServerGroup(
                $"{SharedPlacementGroups.NamePrefix}{nsInstanceId:N}/{rule.Id}",
                rule.Affinity ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity,
                rule.Scope is "nfvi_node" or "network_link_and_node" ? GroupScope.Host : GroupScope.Zone));
        }

        for (var i = 0; i < additional.Count; i++)
        {
            var rule = additional[i];
            if (Strings(rule, "vnfProfileId").Contains(profile.Id) || Strings(rule, "vnfdId").Contains(profile.VnfdId))
            {
                groups.Add(new ServerGroup(
                    $"{SharedPlacementGroups.NamePrefix}{nsInstanceId:N}/additional-{i}",
                    NsStepData.Str(rule, "affinityOrAntiAffiinty") == "AFFINITY" ? GroupPolicy.Affinity : GroupPolicy.AntiAffinity,
                    NsStepData.Str(rule, "scope") == "NFVI_NODE" ? GroupScope.Host : GroupScope.Zone));
            }
        }

        return groups;
    }

    /// <summary>The request's rules as the NS instance keeps them (none before instantiation).</summary>
    public static IReadOnlyList<JsonObject> Stored(string? instantiatedJson) =>
        instantiatedJson is null
            ? []
            : (JsonNode.Parse(instantiatedJson) as JsonObject)?[InstantiatedKey] is JsonArray rules ? [.. rules.OfType<JsonObject>()] : [];

    private static List<string> Strings(JsonObject rule, string key) =>
        rule[key] is JsonArray values ? [.. values.Select(v => v?.ToString()).OfType<string>()] : [];
}
