using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NfvMano.Api.Sol013;

namespace NfvMano.Api.Tests.Sol013;

public sealed class Sol013HttpTests : IClassFixture<Sol013TestApi>
{
    private readonly Sol013TestApi _api;
    private readonly HttpClient _client;

    public Sol013HttpTests(Sol013TestApi api)
    {
        _api = api;
        _client = api.Client;
    }

    [Theory]
    [InlineData("/vnfpkgm/v1/vnf_packages", HttpStatusCode.OK)]
    [InlineData("/vnfpkgm/v1/vnf_packages/nope", HttpStatusCode.NotFound)]
    [InlineData("/vnfpkgm/v1/no_such_resource", HttpStatusCode.NotFound)]
    [InlineData("/vnfpkgm/v1/boom", HttpStatusCode.InternalServerError)]
    public async Task Response_UnderApiRoot_CarriesTheApiVersionHeaderEvenOnErrors(string uri, HttpStatusCode status)
    {
        using var response = await _client.GetAsync(new Uri(uri, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(["2.8.0"], response.Headers.GetValues("Version"));
    }

    [Fact]
    public async Task Response_OutsideAnyApiRoot_HasNoVersionHeader()
    {
        using var response = await _client.GetAsync(new Uri("/elsewhere", UriKind.Relative));

        Assert.False(response.Headers.Contains("Version"));
    }

    [Fact]
    public async Task ApiVersions_OfAnApiRoot_ListsThatVersion()
    {
        var body = await _client.GetStringAsync(new Uri("/vnfpkgm/v1/api_versions", UriKind.Relative));

        Assert.Equal("""{"uriPrefix":"/vnfpkgm/v1","apiVersions":[{"version":"2.8.0","isDeprecated":false}]}""", body);
    }

    [Fact]
    public async Task ApiVersions_WithoutMajorVersion_ListsEveryMajorVersionOfTheApi()
    {
        var body = await _client.GetStringAsync(new Uri("/vnflcm/api_versions", UriKind.Relative));

        Assert.Equal(
            """{"uriPrefix":"/vnflcm","apiVersions":[{"version":"1.3.0","isDeprecated":false},{"version":"2.0.0","isDeprecated":false}]}""",
            body);
    }

    [Fact]
    public async Task ApiVersions_OfAnApiThatRequiresVersion_NeedsNoVersionHeader()
    {
        using var response = await _client.GetAsync(new Uri("/vnflcm/v1/api_versions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1.3.0"], response.Headers.GetValues("Version"));
    }

    [Fact]
    public async Task Request_WithoutVersionHeader_IsAcceptedWhereTheApiAllowsIt()
    {
        using var response = await _client.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithoutVersionHeader_IsBadRequestWhereTheApiRequiresIt()
    {
        using var response = await _client.GetAsync(new Uri("/vnflcm/v1/vnf_instances", UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 400);
        Assert.Contains("'Version' header is missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["1.3.0"], response.Headers.GetValues("Version"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Accepted)]
    [InlineData("1.3.0", HttpStatusCode.Accepted)]
    [InlineData("2.0.0", HttpStatusCode.NotAcceptable)]
    public async Task Request_ToEndpointAllowingMissingVersion_IsAcceptedWithoutHeaderButCheckedWithOne(string? version, HttpStatusCode status)
    {
        using var request = Sol013TestApi.Request(HttpMethod.Post, "/vnflcm/v1/vnf_lcm_op_occs/o1/cancel", version);
        using var response = await _client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
    }

    [Theory]
    [InlineData("/vnflcm/v1/vnf_instances", "1.3.0", 200)]
    [InlineData("/vnflcm/v1/vnf_instances", "1.0.0", 200)]
    [InlineData("/vnflcm/v1/vnf_instances", "2.0.0", 406)]
    [InlineData("/vnflcm/v2/vnf_instances", "2.0.0", 200)]
    [InlineData("/vnflcm/v2/vnf_instances", "1.3.0", 406)]
    [InlineData("/vnflcm/v1/vnf_instances", "1.3", 400)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "2.8.0", 200)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "1.0.0", 406)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "latest", 400)]
    public async Task Request_WithVersionHeader_IsCheckedAgainstTheMajorVersion(string uri, string version, int status)
    {
        using var request = Sol013TestApi.Request(HttpMethod.Get, uri, version);
        using var response = await _client.SendAsync(request);

        if (status == 200)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await Sol013TestApi.ReadProblem(response, status);
        }
    }

    [Fact]
    public async Task UnknownRoute_IsNotFoundProblem()
    {
        using var response = await _client.GetAsync(new Uri("/nowhere/at/all", UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 404);
        Assert.Equal("/nowhere/at/all", problem.GetProperty("instance").GetString());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task UnknownId_IsNotFoundProblemNamingTheId()
    {
        using var response = await _client.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages/p404", UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 404);
        Assert.Equal("No VNF package with id 'p404' exists.", problem.GetProperty("detail").GetString());
        Assert.Equal("/vnfpkgm/v1/vnf_packages/p404", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task WrongMethod_IsMethodNotAllowedProblemWithAllowHeader()
    {
        using var response = await _client.DeleteAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 405);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("not allowed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vnfpkgm/v1/vnf_packages", "application/xml", 406)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "text/html;q=1, application/json;q=0", 406)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "application/json", 200)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "application/*", 200)]
    [InlineData("/vnfpkgm/v1/vnf_packages", "text/plain, */*;q=0.1", 200)]
    [InlineData("/vnfpkgm/v1/vnf_packages/p1", "application/xml", 406)]
    [InlineData("/vnfpkgm/v1/vnf_packages/p1/vnfd", "application/json", 406)]
    [InlineData("/vnfpkgm/v1/vnf_packages/p1/vnfd", "application/zip", 200)]
    public async Task Accept_ThatAdmitsNoProducedType_IsNotAcceptableProblem(string uri, string accept, int status)
    {
        using var request = Sol013TestApi.Request(HttpMethod.Get, uri, accept: accept);
        using var response = await _client.SendAsync(request);

        if (status == 200)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            var problem = await Sol013TestApi.ReadProblem(response, 406);
            Assert.Contains("produces", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Error_WhenClientAcceptsOnlyZip_IsStillProblemJson()
    {
        using var request = Sol013TestApi.Request(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages/p404/vnfd", accept: "application/zip");
        using var response = await _client.SendAsync(request);

        await Sol013TestApi.ReadProblem(response, 404);
    }

    [Fact]
    public async Task Body_WithWrongContentType_IsUnsupportedMediaTypeProblem()
    {
        using var content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "text/plain");
        using var response = await _client.PostAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative), content);

        var problem = await Sol013TestApi.ReadProblem(response, 415);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawUpload_WithZipContentType_IsAcceptedAndWithJsonIsUnsupported()
    {
        using var zip = new ByteArrayContent("PK"u8.ToArray());
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var ok = await _client.PutAsync(new Uri("/vnfpkgm/v1/vnf_packages/p1/package_content", UriKind.Relative), zip);
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        using var bad = await _client.PutAsync(new Uri("/vnfpkgm/v1/vnf_packages/p1/package_content", UriKind.Relative), json);

        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        await Sol013TestApi.ReadProblem(bad, 415);
    }

    [Fact]
    public async Task Body_WithoutContentType_IsUnsupportedMediaTypeProblemNamingTheAcceptedTypes()
    {
        using var content = new ByteArrayContent("{}"u8.ToArray());
        using var response = await _client.PostAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative), content);

        var problem = await Sol013TestApi.ReadProblem(response, 415);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_WithBrokenJson_IsBadRequestProblemSayingWhere()
    {
        using var content = new StringContent("""{"name": }""", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative), content);

        var problem = await Sol013TestApi.ReadProblem(response, 400);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("JSON", detail, StringComparison.Ordinal);
        Assert.Contains("BytePositionInLine: 9", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_WithMergePatchJson_IsAcceptedByJsonEndpoint()
    {
        using var content = new StringContent("""{"name":"renamed"}""", Encoding.UTF8, "application/merge-patch+json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/vnfpkgm/v1/vnf_packages/p3") { Content = content };
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Patch_WithStaleIfMatch_IsPreconditionFailedAndWithCurrentSucceeds()
    {
        var current = EntityTags.FromVersion(_api.PackageVersion);
        using var stale = PatchRequest("\"0\"");
        using var staleResponse = await _client.SendAsync(stale);
        var problem = await Sol013TestApi.ReadProblem(staleResponse, 412);
        Assert.Contains(current, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var fresh = PatchRequest(current);
        using var freshResponse = await _client.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, freshResponse.StatusCode);
        Assert.Equal(EntityTags.FromVersion(_api.PackageVersion), freshResponse.Headers.ETag?.ToString());
        Assert.NotEqual(current, freshResponse.Headers.ETag?.ToString());

        using var replay = PatchRequest(current);
        using var replayResponse = await _client.SendAsync(replay);
        await Sol013TestApi.ReadProblem(replayResponse, 412);

        static HttpRequestMessage PatchRequest(string ifMatch)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, "/vnfpkgm/v1/vnf_packages/p2")
            {
                Content = new StringContent("""{"name":"renamed"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return request;
        }
    }

    [Fact]
    public async Task Delete_WithoutRequiredIfMatch_IsPreconditionRequired()
    {
        using var response = await _client.DeleteAsync(new Uri("/vnfpkgm/v1/vnf_packages/p1", UriKind.Relative));

        await Sol013TestApi.ReadProblem(response, 428);
    }

    [Fact]
    public async Task UnexpectedException_IsInternalErrorProblemWithoutInternals()
    {
        using var response = await _client.GetAsync(new Uri("/vnfpkgm/v1/boom", UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 500);
        Assert.DoesNotContain("secret", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationProblem_ListsEveryProblemWithItsLocation()
    {
        using var response = await _client.PostAsync(new Uri("/vnfpkgm/v1/validate", UriKind.Relative), null);

        var problem = await Sol013TestApi.ReadProblem(response, 400);
        var items = problem.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("location").GetString(), p.GetProperty("detail").GetString()))
            .ToList();
        Assert.Equal([("$.name", "is required"), ("$.size", "must be positive")], items);
    }

    [Fact]
    public async Task List_FollowingLinkHeaders_ReturnsEveryMatchingItemOnceKeepingQuery()
    {
        var ids = new List<string>();
        var next = "/vnfpkgm/v1/vnf_packages?filter=(gt,size,4)&exclude_default";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _client.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.All(doc.RootElement.EnumerateArray(), e => Assert.False(e.TryGetProperty("softwareImages", out _)));
            ids.AddRange(doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            next = NextLink(response);
            if (next is not null)
            {
                Assert.StartsWith("http://localhost/vnfpkgm/v1/vnf_packages?filter=(gt,size,4)&exclude_default&nextpage_opaque_marker=", next, StringComparison.Ordinal);
            }

            pages++;
        }

        Assert.Equal(["p2", "p3", "p4", "p5"], ids);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task List_WithFilterAndBareExcludeDefault_AppliesBoth()
    {
        var items = await GetArray("/vnfpkgm/v1/vnf_packages?filter=(eq,onboardingState,ONBOARDED);(in,softwareImages/id,img-p1,img-p4)&exclude_default");

        Assert.Equal(["p1", "p4"], items.Select(e => e.GetProperty("id").GetString()));
        Assert.All(items, e =>
        {
            Assert.False(e.TryGetProperty("softwareImages", out _));
            Assert.False(e.TryGetProperty("userDefinedData", out _));
            Assert.True(e.TryGetProperty("_links", out _));
        });
    }

    [Fact]
    public async Task List_WithAllFields_IncludesDefaultExcludedAttributes()
    {
        var items = await GetArray("/vnfpkgm/v1/vnf_packages?filter=(eq,id,p3)&all_fields");

        var item = Assert.Single(items);
        Assert.Equal("img-p3", item.GetProperty("softwareImages")[0].GetProperty("id").GetString());
        Assert.Equal("ops", item.GetProperty("userDefinedData").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task List_WithExcludeDefaultAndFields_IncludesOnlyTheNamedOnes()
    {
        var items = await GetArray("/vnfpkgm/v1/vnf_packages?filter=(eq,id,p3)&exclude_default&fields=userDefinedData");

        var item = Assert.Single(items);
        Assert.True(item.TryGetProperty("userDefinedData", out _));
        Assert.False(item.TryGetProperty("softwareImages", out _));
    }

    [Theory]
    [InlineData("filter=(eq,onboardingState", "Invalid filter at position 20")]
    [InlineData("filter=(eq,nosuch,1)", "unknown attribute 'nosuch'")]
    [InlineData("filter=(gt,size,big)", "'big' is not a number")]
    [InlineData("all_fields&exclude_default", "cannot be combined")]
    [InlineData("fields=nosuch", "unknown attribute 'nosuch'")]
    [InlineData("nextpage_opaque_marker=garbage", "'nextpage_opaque_marker' value 'garbage' is invalid")]
    public async Task List_WithInvalidQuery_IsBadRequestProblem(string query, string message)
    {
        using var response = await _client.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages?" + query, UriKind.Relative));

        var problem = await Sol013TestApi.ReadProblem(response, 400);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> GetArray(string uri)
    {
        using var response = await _client.GetAsync(new Uri(uri, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = Assert.Single(values);
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }
}
