using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NfvMano.Api.Sol005.Subscriptions;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>SOL003 <c>CreateVnfRequest</c>.</summary>
public sealed record CreateVnfRequest(
    [property: JsonPropertyName("vnfdId")] string? VnfdId,
    [property: JsonPropertyName("vnfInstanceName")] string? VnfInstanceName,
    [property: JsonPropertyName("vnfInstanceDescription")] string? VnfInstanceDescription,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata);

/// <summary>SOL003 <c>InstantiateVnfRequest</c> (external links and VIM connections are accepted and recorded, not used yet).</summary>
public sealed record InstantiateVnfRequest(
    [property: JsonPropertyName("flavourId")] string? FlavourId,
    [property: JsonPropertyName("instantiationLevelId")] string? InstantiationLevelId,
    [property: JsonPropertyName("extVirtualLinks")] JsonArray? ExtVirtualLinks,
    [property: JsonPropertyName("vimConnectionInfo")] JsonNode? VimConnectionInfo,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>ScaleVnfRequest</c>.</summary>
public sealed record ScaleVnfRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("aspectId")] string? AspectId,
    [property: JsonPropertyName("numberOfSteps")] int? NumberOfSteps,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>ScaleVnfToLevelRequest</c>.</summary>
public sealed record ScaleVnfToLevelRequest(
    [property: JsonPropertyName("instantiationLevelId")] string? InstantiationLevelId,
    [property: JsonPropertyName("scaleInfo")] IReadOnlyList<ScaleInfo>? ScaleInfo,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>HealVnfRequest</c> (with v2's <c>vnfcInstanceId</c>, accepted on v1 too).</summary>
public sealed record HealVnfRequest(
    [property: JsonPropertyName("vnfcInstanceId")] IReadOnlyList<string>? VnfcInstanceId,
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>OperateVnfRequest</c>.</summary>
public sealed record OperateVnfRequest(
    [property: JsonPropertyName("changeStateTo")] string? ChangeStateTo,
    [property: JsonPropertyName("stopType")] string? StopType,
    [property: JsonPropertyName("gracefulStopTimeout")] int? GracefulStopTimeout,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>TerminateVnfRequest</c>.</summary>
public sealed record TerminateVnfRequest(
    [property: JsonPropertyName("terminationType")] string? TerminationType,
    [property: JsonPropertyName("gracefulTerminationTimeout")] int? GracefulTerminationTimeout,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>ChangeVnfFlavourRequest</c> (external links of the new flavour are accepted, not re-plugged).</summary>
public sealed record ChangeVnfFlavourRequest(
    [property: JsonPropertyName("newFlavourId")] string? NewFlavourId,
    [property: JsonPropertyName("instantiationLevelId")] string? InstantiationLevelId,
    [property: JsonPropertyName("extVirtualLinks")] JsonArray? ExtVirtualLinks,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>ChangeExtVnfConnectivityRequest</c>.</summary>
public sealed record ChangeExtVnfConnectivityRequest(
    [property: JsonPropertyName("extVirtualLinks")] JsonArray? ExtVirtualLinks,
    [property: JsonPropertyName("vimConnectionInfo")] JsonNode? VimConnectionInfo,
    [property: JsonPropertyName("additionalParams")] JsonObject? AdditionalParams);

/// <summary>SOL003 <c>LccnSubscriptionRequest</c>.</summary>
public sealed record LccnSubscriptionRequest(
    [property: JsonPropertyName("filter")] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string? CallbackUri,
    [property: JsonPropertyName("authentication")] JsonObject? Authentication);

/// <summary>SOL003 <c>LccnSubscription</c> (the authentication is never returned).</summary>
public sealed record LccnSubscription(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string CallbackUri,
    [property: JsonPropertyName("_links")] SubscriptionLinks Links);
