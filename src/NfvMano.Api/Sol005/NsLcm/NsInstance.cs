using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NfvMano.Api.Sol003.VnfLcm;

namespace NfvMano.Api.Sol005.NsLcm;

/// <summary>SOL005 <c>NsInstance</c>.</summary>
public sealed record NsInstance
{
    /// <summary>The instance id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("nsInstanceName")]
    public required string NsInstanceName { get; init; }

    /// <summary>Description.</summary>
    [JsonPropertyName("nsInstanceDescription")]
    public required string NsInstanceDescription { get; init; }

    /// <summary>The NSD's id.</summary>
    [JsonPropertyName("nsdId")]
    public required string NsdId { get; init; }

    /// <summary>The NSD info (catalogue entry).</summary>
    [JsonPropertyName("nsdInfoId")]
    public required string NsdInfoId { get; init; }

    /// <summary>The NS deployment flavour, when instantiated.</summary>
    [JsonPropertyName("flavourId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FlavourId { get; init; }

    /// <summary>The constituent VNF instances (SOL003 <c>VnfInstance</c> as the VNF LCM shows them).</summary>
    [JsonPropertyName("vnfInstance"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VnfInstance>? VnfInstance { get; init; }

    /// <summary>SOL005 <c>NsVirtualLinkInfo</c> per NS virtual link of the flavour.</summary>
    [JsonPropertyName("virtualLinkInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? VirtualLinkInfo { get; init; }

    /// <summary>SOL005 <c>VnffgInfo</c> per VNFFG of the flavour.</summary>
    [JsonPropertyName("vnffgInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? VnffgInfo { get; init; }

    /// <summary>SOL005 <c>SapInfo</c> per SAP of the flavour.</summary>
    [JsonPropertyName("sapInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? SapInfo { get; init; }

    /// <summary>NOT_INSTANTIATED or INSTANTIATED.</summary>
    [JsonPropertyName("nsState")]
    public required string NsState { get; init; }

    /// <summary>SOL005 <c>NsScaleInfo</c> per NS scaling aspect.</summary>
    [JsonPropertyName("nsScaleStatus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? NsScaleStatus { get; init; }

    /// <summary>Links.</summary>
    [JsonPropertyName("_links")]
    public required NsInstanceLinks Links { get; init; }
}

/// <summary>SOL005 <c>NsInstance._links</c>: itself and the tasks its state allows.</summary>
public sealed record NsInstanceLinks
{
    /// <summary>The instance.</summary>
    [JsonPropertyName("self")]
    public required Link Self { get; init; }

    /// <summary>Instantiate (NOT_INSTANTIATED).</summary>
    [JsonPropertyName("instantiate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Instantiate { get; init; }

    /// <summary>Terminate (INSTANTIATED).</summary>
    [JsonPropertyName("terminate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Terminate { get; init; }

    /// <summary>Update (INSTANTIATED).</summary>
    [JsonPropertyName("update"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Update { get; init; }

    /// <summary>Scale (INSTANTIATED).</summary>
    [JsonPropertyName("scale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Scale { get; init; }

    /// <summary>Heal (INSTANTIATED).</summary>
    [JsonPropertyName("heal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Heal { get; init; }
}

/// <summary>SOL005 <c>NsLcmOpOcc</c>.</summary>
public sealed record NsLcmOpOcc
{
    /// <summary>The occurrence id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>PROCESSING, COMPLETED, FAILED_TEMP, FAILED, ROLLING_BACK or ROLLED_BACK.</summary>
    [JsonPropertyName("operationState")]
    public required string OperationState { get; init; }

    /// <summary>When the state was entered.</summary>
    [JsonPropertyName("stateEnteredTime")]
    public required DateTimeOffset StateEnteredTime { get; init; }

    /// <summary>The NS instance.</summary>
    [JsonPropertyName("nsInstanceId")]
    public required string NsInstanceId { get; init; }

    /// <summary>INSTANTIATE, SCALE, UPDATE, TERMINATE or HEAL.</summary>
    [JsonPropertyName("lcmOperationType")]
    public required string LcmOperationType { get; init; }

    /// <summary>When the operation started.</summary>
    [JsonPropertyName("startTime")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Whether the NFVO started it on its own.</summary>
    [JsonPropertyName("isAutomaticInvocation")]
    public required bool IsAutomaticInvocation { get; init; }

    /// <summary>The request.</summary>
    [JsonPropertyName("operationParams"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? OperationParams { get; init; }

    /// <summary>Whether a cancellation was asked and is not done yet.</summary>
    [JsonPropertyName("isCancelPending")]
    public required bool IsCancelPending { get; init; }

    /// <summary>The error (a ProblemDetails) when failed.</summary>
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Error { get; init; }

    /// <summary>The VNF instances added, removed or modified (<c>affectedVnfs</c>).</summary>
    [JsonPropertyName("resourceChanges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? ResourceChanges { get; init; }

    /// <summary>Links.</summary>
    [JsonPropertyName("_links")]
    public required NsLcmOpOccLinks Links { get; init; }
}

/// <summary>SOL005 <c>NsLcmOpOcc._links</c>: itself, the instance, and the tasks its state allows.</summary>
public sealed record NsLcmOpOccLinks
{
    /// <summary>The occurrence.</summary>
    [JsonPropertyName("self")]
    public required Link Self { get; init; }

    /// <summary>The NS instance.</summary>
    [JsonPropertyName("nsInstance")]
    public required Link NsInstance { get; init; }

    /// <summary>Retry (FAILED_TEMP).</summary>
    [JsonPropertyName("retry"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Retry { get; init; }

    /// <summary>Rollback (FAILED_TEMP).</summary>
    [JsonPropertyName("rollback"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Rollback { get; init; }

    /// <summary>Continue (FAILED_TEMP).</summary>
    [JsonPropertyName("continue"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Continue { get; init; }

    /// <summary>Fail (FAILED_TEMP).</summary>
    [JsonPropertyName("fail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Fail { get; init; }

    /// <summary>Cancel (PROCESSING, ROLLING_BACK).</summary>
    [JsonPropertyName("cancel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Cancel { get; init; }
}
