using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace NfvMano.Api.Tests.Sol005;

public sealed class Sol005QueryHttpTests
{
    [Fact]
    public async Task ListPackages_FilterSelectorsAndPaging_WorkThroughHttp()
    {
        await using var server = await Sol005Server.StartAsync(new Dictionary<string, string?> { ["NfvMano:Sol013:PageSize"] = "2" });
        var onboarded = await server.OnboardAsync("storage");
        var created = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            created.Add((await server.CreatePackageAsync(new JsonObject { ["site"] = i % 2 == 0 ? "east" : "west" }))["id"]!.GetValue<string>());
        }

        var onlyOnboarded = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?filter=(eq,onboardingState,ONBOARDED)");
        var east = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?filter=(eq,userDefinedData/site,east)");
        var diskFormat = onboarded["softwareImages"]![0]!["diskFormat"]!.GetValue<string>();
        var byImage = await ListAllAsync(server, $"/vnfpkgm/v1/vnf_packages?filter=(eq,softwareImages/diskFormat,{diskFormat})");
        var byOtherImage = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?filter=(eq,softwareImages/diskFormat,VHDX)");
        var all = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages");
        using var firstPage = await server.Client.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative));

        Assert.Equal([onboarded["id"]!.GetValue<string>()], onlyOnboarded.Select(p => p["id"]!.GetValue<string>()));
        Assert.Equal([created[0], created[2]], east.Select(p => p["id"]!.GetValue<string>()));
        Assert.Single(byImage);
        Assert.Empty(byOtherImage);
        Assert.Equal(5, all.Count);
        Assert.Equal(5, all.Select(p => p["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(2, (await firstPage.Content.ReadFromJsonAsync<JsonArray>())!.Count);
        Assert.Contains("rel=\"next\"", firstPage.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        // Complex attributes SOL005 leaves out by default, and selectors that bring them back.
        Assert.All(all, p => Assert.Null(p["softwareImages"]));
        Assert.All(all, p => Assert.Null(p["userDefinedData"]));
        var withImages = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?filter=(eq,onboardingState,ONBOARDED)&fields=softwareImages,checksum");
        Assert.NotEmpty(withImages.Single()["softwareImages"]!.AsArray());
        Assert.NotNull(withImages.Single()["checksum"]);
        var everything = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?all_fields");
        Assert.All(everything, p => Assert.NotNull(p["userDefinedData"]));
        var bare = await ListAllAsync(server, "/vnfpkgm/v1/vnf_packages?exclude_default");
        Assert.Equal(5, bare.Count);
    }

    [Theory]
    [InlineData("/vnfpkgm/v1/vnf_packages?filter=(eq,noSuchAttribute,1)")]
    [InlineData("/vnfpkgm/v1/vnf_packages?filter=(eq,onboardingState")]
    [InlineData("/vnfpkgm/v1/vnf_packages?fields=noSuchAttribute")]
    public async Task ListPackages_WithABadQuery_Is400(string uri)
    {
        await using var server = await Sol005Server.StartAsync();

        using var response = await server.Client.GetAsync(new Uri(uri, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    internal static async Task<List<JsonObject>> ListAllAsync(Sol005Server server, string uri)
    {
        var items = new List<JsonObject>();
        Uri? next = new(uri, UriKind.Relative);
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 50, "paging does not end");
            using var response = await server.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            items.AddRange((await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(n => n!.AsObject()));
            next = response.Headers.TryGetValues("Link", out var links)
                && links.Select(l => System.Text.RegularExpressions.Regex.Match(l, "<([^>]+)>;\\s*rel=\"next\"")).FirstOrDefault(m => m.Success) is { } m
                ? new Uri(m.Groups[1].Value, UriKind.RelativeOrAbsolute)
                : null;
        }

        return items;
    }
}
