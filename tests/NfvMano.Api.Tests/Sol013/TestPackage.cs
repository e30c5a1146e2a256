using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NfvMano.Api.Tests.Sol013;

/// <summary>A DTO shaped like SOL005's VnfPkgInfo: simple, nested, array, map and link attributes.</summary>
public sealed record TestPackage
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public int Size { get; init; }

    public double Weight { get; init; }

    public bool Enabled { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string OnboardingState { get; init; } = "CREATED";

    public IReadOnlyList<TestImage>? SoftwareImages { get; init; }

    public TestChecksum? Checksum { get; init; }

    public Dictionary<string, string>? UserDefinedData { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    [JsonPropertyName("_links")]
    public TestLinks Links { get; init; } = new("/self");

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public JsonNode ToNode() => JsonSerializer.SerializeToNode(this, Json)!;
}

public sealed record TestImage(string Id, string Name, int MinDisk, TestChecksum? Checksum = null);

public sealed record TestChecksum(string Algorithm, string Hash);

public sealed record TestLinks(string Self);
