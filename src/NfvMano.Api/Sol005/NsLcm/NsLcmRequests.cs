using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NfvMano.Api.Sol005.NsLcm;

/// <summary>SOL005 <c>CreateNsRequest</c>.</summary>
public sealed record CreateNsRequest(
    [property: JsonPropertyName("nsdId")] string? NsdId,
    [property: JsonPropertyName("nsName")] string? NsName,
    [property: JsonPropertyName("nsDescription")] string? NsDescription);

/// <summary>SOL005 <c>InstantiateNsRequest</c> (location constraints and nested NSs are not supported).</summary>
public sealed record InstantiateNsRequest(
    [property: JsonPropertyName("nsFlavourId")] string? NsFlavourId,
    [property: JsonPropertyName("nsInstantiationLevelId")] string? NsInstantiationLevelId,
    [property: JsonPropertyName("sapData")] IReadOnlyList<JsonObject>? SapData,
    [property: JsonPropertyName("additionalParamsForVnf")] IReadOnlyList<JsonObject>? AdditionalParamsForVnf,
    [property: JsonPropertyName("additionalParamsForNs")] JsonObject? AdditionalParamsForNs,
    [property: JsonPropertyName("vnfInstanceData")] IReadOnlyList<JsonObject>? VnfInstanceData = null,
    [property: JsonPropertyName("additionalAffinityOrAntiAffinityRule")] IReadOnlyList<JsonObject>? AdditionalAffinityOrAntiAffinityRule = null);

/// <summary>SOL005 <c>TerminateNsRequest</c>.</summary>
public sealed record TerminateNsRequest(
    [property: JsonPropertyName("terminationTime")] DateTimeOffset? TerminationTime,
    [property: JsonPropertyName("terminateVnfData")] JsonArray? TerminateVnfData);

/// <summary>SOL005 <c>ScaleNsRequest</c>.</summary>
public sealed record ScaleNsRequest(
    [property: JsonPropertyName("scaleType")] string? ScaleType,
    [property: JsonPropertyName("scaleNsData")] JsonObject? ScaleNsData,
    [property: JsonPropertyName("scaleVnfData")] JsonArray? ScaleVnfData);

/// <summary>SOL005 <c>HealNsRequest</c>.</summary>
public sealed record HealNsRequest(
    [property: JsonPropertyName("healNsData")] JsonObject? HealNsData,
    [property: JsonPropertyName("healVnfData")] JsonArray? HealVnfData);

/// <summary>SOL005 <c>UpdateNsRequest</c> (the update types this NFVO supports).</summary>
public sealed record UpdateNsRequest(
    [property: JsonPropertyName("updateType")] string? UpdateType,
    [property: JsonPropertyName("addVnfInstance")] JsonArray? AddVnfInstance,
    [property: JsonPropertyName("removeVnfInstanceId")] JsonArray? RemoveVnfInstanceId,
    [property: JsonPropertyName("instantiateVnfData")] JsonArray? InstantiateVnfData,
    [property: JsonPropertyName("operateVnfData")] JsonArray? OperateVnfData,
    [property: JsonPropertyName("modifyVnfInfoData")] JsonArray? ModifyVnfInfoData,
    [property: JsonPropertyName("changeVnfFlavourData")] JsonArray? ChangeVnfFlavourData = null,
    [property: JsonPropertyName("addSap")] JsonArray? AddSap = null,
    [property: JsonPropertyName("removeSapId")] JsonArray? RemoveSapId = null,
    [property: JsonPropertyName("addVnffg")] JsonArray? AddVnffg = null,
    [property: JsonPropertyName("removeVnffgId")] JsonArray? RemoveVnffgId = null,
    [property: JsonPropertyName("updateVnffg")] JsonArray? UpdateVnffg = null);

/// <summary>SOL005 <c>LccnSubscriptionRequest</c> of nslcm.</summary>
public sealed record NsLccnSubscriptionRequest(
    [property: JsonPropertyName("filter")] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string? CallbackUri,
    [property: JsonPropertyName("authentication")] JsonObject? Authentication);

/// <summary>SOL005 <c>LccnSubscription</c> of nslcm (the authentication is never returned).</summary>
public sealed record NsLccnSubscription(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("callbackUri")] string CallbackUri,
    [property: JsonPropertyName("_links")] Subscriptions.SubscriptionLinks Links);
