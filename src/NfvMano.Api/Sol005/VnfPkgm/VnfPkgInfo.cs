using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NfvMano.Api.Sol005.VnfPkgm;

/// <summary>SOL005 <c>VnfPkgInfo</c>: a VNF package as the catalogue knows it.</summary>
public sealed record VnfPkgInfo
{
    /// <summary>The package id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The VNFD id (once onboarded).</summary>
    [JsonPropertyName("vnfdId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfdId { get; init; }

    /// <summary>The VNF provider (once onboarded).</summary>
    [JsonPropertyName("vnfProvider"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfProvider { get; init; }

    /// <summary>The VNF product name (once onboarded).</summary>
    [JsonPropertyName("vnfProductName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfProductName { get; init; }

    /// <summary>The VNF software version (once onboarded).</summary>
    [JsonPropertyName("vnfSoftwareVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfSoftwareVersion { get; init; }

    /// <summary>The VNFD version (once onboarded).</summary>
    [JsonPropertyName("vnfdVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VnfdVersion { get; init; }

    /// <summary>Digest of the package content (once uploaded).</summary>
    [JsonPropertyName("checksum"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Checksum? Checksum { get; init; }

    /// <summary>The software images of the package.</summary>
    [JsonPropertyName("softwareImages"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VnfPackageSoftwareImageInfo>? SoftwareImages { get; init; }

    /// <summary>The other artifacts of the package.</summary>
    [JsonPropertyName("additionalArtifacts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VnfPackageArtifactInfo>? AdditionalArtifacts { get; init; }

    /// <summary>CREATED, UPLOADING, PROCESSING or ONBOARDED.</summary>
    [JsonPropertyName("onboardingState")]
    public required string OnboardingState { get; init; }

    /// <summary>ENABLED or DISABLED.</summary>
    [JsonPropertyName("operationalState")]
    public required string OperationalState { get; init; }

    /// <summary>IN_USE or NOT_IN_USE.</summary>
    [JsonPropertyName("usageState")]
    public required string UsageState { get; init; }

    /// <summary>Why the last onboarding failed (a ProblemDetails with every problem), if it did.</summary>
    [JsonPropertyName("onboardingFailureDetails"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? OnboardingFailureDetails { get; init; }

    /// <summary>User-defined data.</summary>
    [JsonPropertyName("userDefinedData"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? UserDefinedData { get; init; }

    /// <summary>Links to the package and its parts.</summary>
    [JsonPropertyName("_links")]
    public required VnfPkgInfoLinks Links { get; init; }
}

/// <summary>Links of a <see cref="VnfPkgInfo"/>.</summary>
/// <param name="Self">The package info.</param>
/// <param name="Vnfd">Its VNFD.</param>
/// <param name="PackageContent">Its content.</param>
public sealed record VnfPkgInfoLinks(
    [property: JsonPropertyName("self")] Link Self,
    [property: JsonPropertyName("vnfd")] Link Vnfd,
    [property: JsonPropertyName("packageContent")] Link PackageContent);

/// <summary>SOL005 <c>Checksum</c>.</summary>
/// <param name="Algorithm">Digest algorithm, e.g. <c>SHA-256</c>.</param>
/// <param name="Hash">Lower-case hex digest.</param>
public sealed record Checksum([property: JsonPropertyName("algorithm")] string Algorithm, [property: JsonPropertyName("hash")] string Hash);

/// <summary>SOL005 <c>VnfPackageSoftwareImageInfo</c>.</summary>
public sealed record VnfPackageSoftwareImageInfo
{
    /// <summary>Image id (the VDU or storage that uses it).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>Image name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Image provider.</summary>
    [JsonPropertyName("provider")] public required string Provider { get; init; }

    /// <summary>Image version.</summary>
    [JsonPropertyName("version")] public required string Version { get; init; }

    /// <summary>Image digest.</summary>
    [JsonPropertyName("checksum")] public required Checksum Checksum { get; init; }

    /// <summary>Container format, e.g. BARE.</summary>
    [JsonPropertyName("containerFormat")] public required string ContainerFormat { get; init; }

    /// <summary>Disk format, e.g. QCOW2.</summary>
    [JsonPropertyName("diskFormat")] public required string DiskFormat { get; init; }

    /// <summary>When the image was onboarded.</summary>
    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }

    /// <summary>Minimal disk, bytes.</summary>
    [JsonPropertyName("minDisk")] public long MinDisk { get; init; }

    /// <summary>Minimal memory, bytes.</summary>
    [JsonPropertyName("minRam")] public long MinRam { get; init; }

    /// <summary>Image size, bytes.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    /// <summary>Path of the image file inside the package.</summary>
    [JsonPropertyName("imagePath")] public required string ImagePath { get; init; }

    /// <summary>User metadata.</summary>
    [JsonPropertyName("userMetadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? UserMetadata { get; init; }
}

/// <summary>SOL005 <c>VnfPackageArtifactInfo</c>.</summary>
/// <param name="ArtifactPath">Path inside the package.</param>
/// <param name="Checksum">Its digest.</param>
/// <param name="Metadata">Artifact metadata.</param>
public sealed record VnfPackageArtifactInfo(
    [property: JsonPropertyName("artifactPath")] string ArtifactPath,
    [property: JsonPropertyName("checksum")] Checksum Checksum,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Metadata);

/// <summary>SOL005 <c>CreateVnfPkgInfoRequest</c>.</summary>
/// <param name="UserDefinedData">User data for the new package.</param>
public sealed record CreateVnfPkgInfoRequest([property: JsonPropertyName("userDefinedData")] JsonObject? UserDefinedData);

/// <summary>SOL005 <c>VnfPkgInfoModifications</c>: the request and response of PATCH.</summary>
/// <param name="OperationalState">New operational state.</param>
/// <param name="UserDefinedData">Merge patch of the user data.</param>
public sealed record VnfPkgInfoModifications(
    [property: JsonPropertyName("operationalState"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperationalState,
    [property: JsonPropertyName("userDefinedData"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? UserDefinedData);

/// <summary>SOL005 <c>UploadVnfPkgFromUriRequest</c>.</summary>
/// <param name="AddressInformation">Where to fetch the package from.</param>
/// <param name="AuthType">Authentication type (only BASIC is supported, given by userName/password).</param>
/// <param name="UserName">User name for Basic authentication.</param>
/// <param name="Password">Password for Basic authentication.</param>
public sealed record UploadVnfPkgFromUriRequest(
    [property: JsonPropertyName("addressInformation")] string? AddressInformation,
    [property: JsonPropertyName("authType")] string? AuthType,
    [property: JsonPropertyName("userName")] string? UserName,
    [property: JsonPropertyName("password")] string? Password);
