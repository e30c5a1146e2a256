using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NfvMano.Api.Sol005;

namespace NfvMano.Api.Sol003.VnfLcm;

/// <summary>SOL003 <c>VnfInstance</c>.</summary>
public sealed record VnfInstance
{
    /// <summary>The instance id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("vnfInstanceName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfInstanceName { get; init; }

    /// <summary>Description.</summary>
    [JsonPropertyName("vnfInstanceDescription"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfInstanceDescription { get; init; }

    /// <summary>The VNFD.</summary>
    [JsonPropertyName("vnfdId")]
    public required string VnfdId { get; init; }

    /// <summary>Provider of the VNF.</summary>
    [JsonPropertyName("vnfProvider")]
    public required string VnfProvider { get; init; }

    /// <summary>Product name.</summary>
    [JsonPropertyName("vnfProductName")]
    public required string VnfProductName { get; init; }

    /// <summary>Software version.</summary>
    [JsonPropertyName("vnfSoftwareVersion")]
    public required string VnfSoftwareVersion { get; init; }

    /// <summary>VNFD version.</summary>
    [JsonPropertyName("vnfdVersion")]
    public required string VnfdVersion { get; init; }

    /// <summary>The package (v1 only).</summary>
    [JsonPropertyName("vnfPkgId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfPkgId { get; init; }

    /// <summary>The VIM connections: an array in v1, a map by id in v2.</summary>
    [JsonPropertyName("vimConnectionInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? VimConnectionInfo { get; init; }

    /// <summary>NOT_INSTANTIATED or INSTANTIATED.</summary>
    [JsonPropertyName("instantiationState")]
    public required string InstantiationState { get; init; }

    /// <summary>What the instance holds, when instantiated.</summary>
    [JsonPropertyName("instantiatedVnfInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InstantiatedVnfInfo? InstantiatedVnfInfo { get; init; }

    /// <summary>User metadata.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject Metadata { get; init; } = [];

    /// <summary>User extensions.</summary>
    [JsonPropertyName("extensions")]
    public JsonObject Extensions { get; init; } = [];

    /// <summary>Links.</summary>
    [JsonPropertyName("_links")]
    public required VnfInstanceLinks Links { get; init; }
}

/// <summary>SOL003 <c>VnfInstance._links</c>: itself and the tasks its state allows.</summary>
public sealed record VnfInstanceLinks
{
    /// <summary>The instance.</summary>
    [JsonPropertyName("self")]
    public required Link Self { get; init; }

    /// <summary>Instantiate (when NOT_INSTANTIATED).</summary>
    [JsonPropertyName("instantiate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Instantiate { get; init; }

    /// <summary>Terminate (when INSTANTIATED).</summary>
    [JsonPropertyName("terminate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Terminate { get; init; }

    /// <summary>Scale (when INSTANTIATED).</summary>
    [JsonPropertyName("scale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Scale { get; init; }

    /// <summary>Scale to level (when INSTANTIATED).</summary>
    [JsonPropertyName("scaleToLevel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? ScaleToLevel { get; init; }

    /// <summary>Heal (when INSTANTIATED).</summary>
    [JsonPropertyName("heal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Heal { get; init; }

    /// <summary>Operate (when INSTANTIATED).</summary>
    [JsonPropertyName("operate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? Operate { get; init; }

    /// <summary>Change flavour (when INSTANTIATED).</summary>
    [JsonPropertyName("changeFlavour"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? ChangeFlavour { get; init; }

    /// <summary>Change external connectivity (when INSTANTIATED).</summary>
    [JsonPropertyName("changeExtConn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Link? ChangeExtConn { get; init; }
}

/// <summary>SOL003 <c>InstantiatedVnfInfo</c>, with where every VNFC landed under each VNFC's <c>metadata</c>.</summary>
public sealed record InstantiatedVnfInfo
{
    /// <summary>The deployment flavour.</summary>
    [JsonPropertyName("flavourId")]
    public required string FlavourId { get; init; }

    /// <summary>STARTED or STOPPED.</summary>
    [JsonPropertyName("vnfState")]
    public required string VnfState { get; init; }

    /// <summary>Scale level per aspect.</summary>
    [JsonPropertyName("scaleStatus")]
    public required IReadOnlyList<ScaleInfo> ScaleStatus { get; init; }

    /// <summary>The instantiation level the VNF is at, when known.</summary>
    [JsonPropertyName("instantiationLevelId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstantiationLevelId { get; init; }

    /// <summary>External CP instances on the external virtual links given at instantiate or change_ext_conn.</summary>
    [JsonPropertyName("extCpInfo")]
    public IReadOnlyList<JsonObject> ExtCpInfo { get; init; } = [];

    /// <summary>The VNFC resources.</summary>
    [JsonPropertyName("vnfcResourceInfo")]
    public required IReadOnlyList<VnfcResourceInfo> VnfcResourceInfo { get; init; }

    /// <summary>The internal virtual links' networks.</summary>
    [JsonPropertyName("vnfVirtualLinkResourceInfo")]
    public required IReadOnlyList<VnfVirtualLinkResourceInfo> VnfVirtualLinkResourceInfo { get; init; }

    /// <summary>The volumes.</summary>
    [JsonPropertyName("virtualStorageResourceInfo")]
    public required IReadOnlyList<VirtualStorageResourceInfo> VirtualStorageResourceInfo { get; init; }
}

/// <summary>SOL003 <c>ScaleInfo</c>.</summary>
/// <param name="AspectId">The aspect.</param>
/// <param name="ScaleLevel">Its level.</param>
public sealed record ScaleInfo([property: JsonPropertyName("aspectId")] string AspectId, [property: JsonPropertyName("scaleLevel")] int ScaleLevel);

/// <summary>SOL003 <c>ResourceHandle</c>.</summary>
/// <param name="VimConnectionId">The VIM connection.</param>
/// <param name="ResourceProviderId">The host the resource is on.</param>
/// <param name="ResourceId">The VIM's id of the resource.</param>
/// <param name="VimLevelResourceType">What kind of VIM resource it is.</param>
public sealed record ResourceHandle(
    [property: JsonPropertyName("vimConnectionId")] string VimConnectionId,
    [property: JsonPropertyName("resourceProviderId")] string ResourceProviderId,
    [property: JsonPropertyName("resourceId")] string ResourceId,
    [property: JsonPropertyName("vimLevelResourceType")] string VimLevelResourceType);

/// <summary>SOL003 <c>VnfcResourceInfo</c>.</summary>
public sealed record VnfcResourceInfo
{
    /// <summary>The VNFC instance id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The VDU.</summary>
    [JsonPropertyName("vduId")]
    public required string VduId { get; init; }

    /// <summary>The server.</summary>
    [JsonPropertyName("computeResource")]
    public required ResourceHandle ComputeResource { get; init; }

    /// <summary>Ids of its entries in <c>virtualStorageResourceInfo</c>.</summary>
    [JsonPropertyName("storageResourceIds")]
    public required IReadOnlyList<string> StorageResourceIds { get; init; }

    /// <summary>Its connection points.</summary>
    [JsonPropertyName("vnfcCpInfo")]
    public required IReadOnlyList<JsonObject> VnfcCpInfo { get; init; }

    /// <summary>Where placement put it: host, NUMA cells, pinned CPUs, page size, VFs.</summary>
    [JsonPropertyName("metadata")]
    public required JsonObject Metadata { get; init; }

    /// <summary>The availability zone the server is in, as the VIM reports it (SOL003 <c>zoneId</c>), when known.</summary>
    [JsonPropertyName("zoneId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ZoneId { get; init; }
}

/// <summary>SOL003 <c>VnfVirtualLinkResourceInfo</c>.</summary>
/// <param name="Id">Entry id.</param>
/// <param name="VnfVirtualLinkDescId">The VNFD virtual link.</param>
/// <param name="NetworkResource">The network on the VIM.</param>
/// <param name="Metadata">The network's IP subnets as the VIM made them (<c>subnets</c>), when it has any.</param>
public sealed record VnfVirtualLinkResourceInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("vnfVirtualLinkDescId")] string VnfVirtualLinkDescId,
    [property: JsonPropertyName("networkResource")] ResourceHandle NetworkResource,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Metadata = null);

/// <summary>SOL003 <c>VirtualStorageResourceInfo</c>.</summary>
/// <param name="Id">Entry id.</param>
/// <param name="VirtualStorageDescId">The VNFD virtual storage.</param>
/// <param name="StorageResource">The volume on the VIM.</param>
public sealed record VirtualStorageResourceInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("virtualStorageDescId")] string VirtualStorageDescId,
    [property: JsonPropertyName("storageResource")] ResourceHandle StorageResource);
