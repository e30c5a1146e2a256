using System.Globalization;
using System.Text.Json.Nodes;
using NfvMano.Descriptors.Nsd;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// What NS updates changed about an NS instance's forwarding graphs, kept in its instantiated record under
/// <see cref="Key"/>: the VNFFGs removed (REMOVE_VNFFG; ADD_VNFFG brings one back) and the classifier rules UPDATE_VNFFG
/// gave an NFP in place of the NSD's. The VNFFGs in force are the NSD flavour's with these applied
/// (<see cref="Effective"/>); they are what is steered and what <c>vnffgInfo</c> shows.
/// </summary>
public static class VnffgState
{
    /// <summary>The key of the state in the NS instance's instantiated record.</summary>
    public const string Key = "vnffgState";

    /// <summary>The state recorded in an NS instance's instantiated record (its JSON), or null.</summary>
    public static JsonObject? Recorded(string? instantiatedJson) =>
        instantiatedJson is null ? null : (JsonNode.Parse(instantiatedJson) as JsonObject)?[Key] as JsonObject;

    /// <summary>The VNFFG ids the state removed.</summary>
    public static IReadOnlySet<string> Removed(JsonObject? state) =>
        (state?["removed"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The NS flavour with the VNFFGs in force: removed ones left out, updated NFPs with their new rules.</summary>
    public static NsFlavour Effective(NsFlavour flavour, JsonObject? state)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        var removed = Removed(state);
        var rules = state?["nfpRules"] as JsonObject ?? [];
        return flavour with
        {
            Vnffgs = [.. flavour.Vnffgs.Where(g => !removed.Contains(g.Id)).Select(g => g with
            {
                Nfps = [.. g.Nfps.Select(n => rules[$"{g.Id}/{n.Id}"] is JsonArray given
                    ? n with { Rules = [.. given.OfType<JsonObject>().Select((r, i) => Rule(r, $"{n.Id}-rule-{i}"))] }
                    : n)],
            })],
        };
    }

    /// <summary>A SOL005 <c>NfpRule</c> as the descriptor's classifier (names as in SOL005 clause 6.5.3).</summary>
    public static NfpRule Rule(JsonObject rule, string id)
    {
        ArgumentNullException.ThrowIfNull(rule);
        static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
        static PortRange? Range(JsonNode? node) => node is JsonObject r && r["lowerPort"] is { } lower && r["upperPort"] is { } upper
            ? new PortRange(long.Parse(Str(lower)!, CultureInfo.InvariantCulture), long.Parse(Str(upper)!, CultureInfo.InvariantCulture))
            : null;
        return new NfpRule(
            id,
            Str(rule["etherType"]),
            Str(rule["protocol"]),
            Str(rule["dscp"]),
            [.. (rule["vlanTag"] as JsonArray ?? []).Select(Str).OfType<string>()],
            Range(rule["sourcePortRange"]),
            Range(rule["destinationPortRange"]),
            Str(rule["sourceIpAddressPrefix"]),
            Str(rule["destinationIpAddressPrefix"]),
            Str(rule["etherSourceAddress"]),
            Str(rule["etherDestinationAddress"]));
    }
}
