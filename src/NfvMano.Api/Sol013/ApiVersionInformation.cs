using System.Text.Json.Serialization;

namespace NfvMano.Api.Sol013;

/// <summary>The body of <c>GET …/api_versions</c> (SOL013 clause 9.3.2, <c>ApiVersionInformation</c>).</summary>
/// <param name="UriPrefix">The URI prefix the versions apply to, e.g. <c>/vnfpkgm/v1</c>.</param>
/// <param name="ApiVersions">The versions offered under that prefix.</param>
public sealed record ApiVersionInformation(
    [property: JsonPropertyName("uriPrefix")] string UriPrefix,
    [property: JsonPropertyName("apiVersions")] IReadOnlyList<ApiVersionEntry> ApiVersions);

/// <summary>One version in <see cref="ApiVersionInformation"/>.</summary>
/// <param name="Version">Full version, e.g. <c>2.8.0</c>.</param>
/// <param name="IsDeprecated">Whether the version is deprecated.</param>
/// <param name="RetirementDate">When a deprecated version is retired; omitted when unknown.</param>
public sealed record ApiVersionEntry(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("isDeprecated")] bool IsDeprecated,
    [property: JsonPropertyName("retirementDate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RetirementDate = null);
