using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>Request size limits and the upload rate limit, answered as SOL013 ProblemDetails.</summary>
public sealed class LimitsTests
{
    private static async Task<string> CreatePackageAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, string packageId, byte[] zip)
    {
        using var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await http.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{packageId}/package_content", UriKind.Relative), content);
    }

    [Fact]
    public async Task RequestBody_LargerThanTheLimit_Answers413Problem_WhileContentUploadsHaveTheirOwnLimit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["NfvMano:Security:MaxRequestBodyBytes"] = "2048" });
        using var http = factory.CreateClient();

        using var large = await http.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject { ["userDefinedData"] = new JsonObject { ["blob"] = new string('x', 4096) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
        var problem = (await large.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(413, (int)problem["status"]!);
        Assert.Contains("MaxRequestBodyBytes", (string)problem["detail"]!, StringComparison.Ordinal);

        var zip = Samples.Zip("vrouter");
        Assert.True(zip.Length > 2048, $"the sample is only {zip.Length} bytes");
        using var uploaded = await UploadAsync(http, await CreatePackageAsync(http), zip);
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
    }

    [Fact]
    public async Task ContentUpload_LargerThanTheCatalogueLimit_Answers413Problem()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["NfvMano:Catalogue:MaxContentBytes"] = "1024" });
        using var http = factory.CreateClient();
        using var uploaded = await UploadAsync(http, await CreatePackageAsync(http), Samples.Zip("vrouter"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, uploaded.StatusCode);
        Assert.Equal("application/problem+json", uploaded.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Uploads_BeyondTheirRatePerMinute_Answer429ProblemWithRetryAfter_OtherRequestsGoOn()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["NfvMano:Security:UploadsPerMinute"] = "2" });
        using var http = factory.CreateClient();
        var zip = Samples.Zip("vrouter");
        var packages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            packages.Add(await CreatePackageAsync(http));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await UploadAsync(http, packages[0], zip)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await UploadAsync(http, packages[1], zip)).StatusCode);
        using var refused = await UploadAsync(http, packages[2], zip);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (int)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Only uploads are limited: creating and reading go on.
        await CreatePackageAsync(http);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{packages[2]}", UriKind.Relative))).StatusCode);
    }
}
