using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NfvMano.Api.Sol005.Nsd;

/// <summary>SOL005 <c>NsdInfo</c>: an NS descriptor as the catalogue knows it.</summary>
public sealed record NsdInfo
{
    /// <summary>The NSD info id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The NSD id (once onboarded).</summary>
    [JsonPropertyName("nsdId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NsdId { get; init; }

    /// <summary>The NSD name (once onboarded).</summary>
    [JsonPropertyName("nsdName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NsdName { get; init; }

    /// <summary>The NSD version (once onboarded).</summary>
    [JsonPropertyName("nsdVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NsdVersion { get; init; }

    /// <summary>The NSD designer (once onboarded).</summary>
    [JsonPropertyName("nsdDesigner"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NsdDesigner { get; init; }

    /// <summary>The NSD invariant id (once onboarded).</summary>
    [JsonPropertyName("nsdInvariantId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NsdInvariantId { get; init; }

    /// <summary>The VNF packages whose VNFDs the NSD uses.</summary>
    [JsonPropertyName("vnfPkgIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? VnfPkgIds { get; init; }

    /// <summary>CREATED, UPLOADING, PROCESSING or ONBOARDED.</summary>
    [JsonPropertyName("nsdOnboardingState")] public required string NsdOnboardingState { get; init; }

    /// <summary>Why the last onboarding failed, if it did.</summary>
    [JsonPropertyName("onboardingFailureDetails"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? OnboardingFailureDetails { get; init; }

    /// <summary>ENABLED or DISABLED.</summary>
    [JsonPropertyName("nsdOperationalState")] public required string NsdOperationalState { get; init; }

    /// <summary>IN_USE or NOT_IN_USE.</summary>
    [JsonPropertyName("nsdUsageState")] public required string NsdUsageState { get; init; }

    /// <summary>User-defined data.</summary>
    [JsonPropertyName("userDefinedData"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? UserDefinedData { get; init; }

    /// <summary>Links to the NSD info and its content.</summary>
    [JsonPropertyName("_links")] public required NsdInfoLinks Links { get; init; }
}

/// <summary>Links of an <see cref="NsdInfo"/>.</summary>
/// <param name="Self">The NSD info.</param>
/// <param name="NsdContent">Its content.</param>
public sealed record NsdInfoLinks(
    [property: JsonPropertyName("self")] Link Self,
    [property: JsonPropertyName("nsd_content")] Link NsdContent);

/// <summary>SOL005 <c>CreateNsdInfoRequest</c>.</summary>
/// <param name="UserDefinedData">User data for the new NSD.</param>
public sealed record CreateNsdInfoRequest([property: JsonPropertyName("userDefinedData")] JsonObject? UserDefinedData);

/// <summary>SOL005 <c>NsdInfoModifications</c>: the request and response of PATCH.</summary>
/// <param name="NsdOperationalState">New operational state.</param>
/// <param name="UserDefinedData">Merge patch of the user data.</param>
public sealed record NsdInfoModifications(
    [property: JsonPropertyName("nsdOperationalState"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NsdOperationalState,
    [property: JsonPropertyName("userDefinedData"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? UserDefinedData);
