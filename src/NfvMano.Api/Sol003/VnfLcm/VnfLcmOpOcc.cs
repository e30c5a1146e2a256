using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NfvMano.Api.Sol005;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>SOL003 <c>VnfLcmOpOcc</c>.</summary>
public sealed record VnfLcmOpOcc
{
    /// <summary>The occurrence id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>STARTING, PROCESSING, COMPLETED, FAILED_TEMP, FAILED, ROLLING_BACK or ROLLED_BACK.</summary>
    [JsonPropertyName("operationState")]
    public required string OperationState { get; init; }

    /// <summary>When the state was entered.</summary>
    [JsonPropertyName("stateEnteredTime")]
    public required DateTimeOffset StateEnteredTime { get; init; }

    /// <summary>When the operation started.</summary>
    [JsonPropertyName("startTime")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The instance.</summary>
    [JsonPropertyName("vnfInstanceId")]
    public required string VnfInstanceId { get; init; }

    /// <summary>The grant (the occurrence's own id: the NFVO grants inside the operation).</summary>
    [JsonPropertyName("grantId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GrantId { get; init; }

    /// <summary>The operation.</summary>
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    /// <summary>Whether the VNFM started it on its own.</summary>
    [JsonPropertyName("isAutomaticInvocation")]
    public required bool IsAutomaticInvocation { get; init; }

    /// <summary>The request.</summary>
    [JsonPropertyName("operationParams")]
    public JsonObject? OperationParams { get; init; }

    /// <summary>Whether a cancellation was asked and is not done yet.</summary>
    [JsonPropertyName("isCancelPending")]
    public required bool IsCancelPending { get; init; }

    /// <summary>The error (a ProblemDetails) when failed.</summary>
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Error { get; init; }

    /// <summary>VNFCs, virtual links and storage added, removed or modified.</summary>
    [JsonPropertyName("resourceChanges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? ResourceChanges { get; init; }

    /// <summary>Links.</summary>
    [JsonPropertyName("_links")]
    public required VnfLcmOpOccLinks Links { get; init; }
}

/// <summary>SOL003 <c>VnfLcmOpOcc._links</c>: itself, the instance, and the tasks its state allows.</summary>
public sealed record VnfLcmOpOccLinks
{
    /// <summary>The occurrence.</summary>
    [JsonPropertyName("self")]
    public required Link Self { get; init; }

    /// <summary>The instance.</summary>
    [JsonPropertyName("vnfInstance")]
    public required Link VnfInstance { get; init; }

    /// <summary>Retry (FAILED_TEMP).</summary>
    [JsonPropertyName("retry"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Retry { get; init; }

    /// <summary>Rollback (FAILED_TEMP).</summary>
    [JsonPropertyName("rollback"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Rollback { get; init; }

    /// <summary>Fail (FAILED_TEMP).</summary>
    [JsonPropertyName("fail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Fail { get; init; }

    /// <summary>Cancel (STARTING, PROCESSING, ROLLING_BACK).</summary>
    [JsonPropertyName("cancel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Cancel { get; init; }

    /// <summary>The grant the operation got (grant/v1), when it asked for one.</summary>
    [JsonPropertyName("grant"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Grant { get; init; }
}
