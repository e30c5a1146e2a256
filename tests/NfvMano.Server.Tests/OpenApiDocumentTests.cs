using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Testing;

namespace NfvMano.Server.Tests;

/// <summary>
/// The OpenAPI document is part of the product: OSS integrators generate clients from it. It is
/// committed in <c>docs/openapi/v1.json</c>, and a change to it must be deliberate (rerun this test
/// with <c>NFVMANO_UPDATE_OPENAPI=1</c> and review the diff).
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApiDocument_MatchesTheCommittedOne()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database);
        using var client = server.CreateClient();

        var live = Normalise(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var file = Samples.RepositoryFile("docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("NFVMANO_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, live);
        }

        Assert.True(File.Exists(file), $"{file} is missing: run this test with NFVMANO_UPDATE_OPENAPI=1");
        Assert.True(live == await File.ReadAllTextAsync(file),
            "the generated OpenAPI document differs from docs/openapi/v1.json: if the API change is intended, rerun with NFVMANO_UPDATE_OPENAPI=1 and commit the reviewed diff");
    }

    // The server address depends on the host that serves it; everything else must be stable.
    private static string Normalise(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
