using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace NfvMano.Api.Tests.Sol005;

public sealed class VnfPkgmProblemHttpTests : IAsyncLifetime
{
    private Sol005Server? _server;

    private Sol005Server Server => _server!;

    public async Task InitializeAsync() =>
        _server = await Sol005Server.StartAsync(new Dictionary<string, string?> { ["NfvMano:Catalogue:MaxContentBytes"] = "65536" });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Theory]
    [InlineData("/vnfpkgm/v1/vnf_packages/3f0f3b7c-1d6a-4d9e-8a51-000000000000")]
    [InlineData("/vnfpkgm/v1/vnf_packages/not-a-uuid")]
    [InlineData("/vnfpkgm/v1/vnf_packages/3f0f3b7c-1d6a-4d9e-8a51-000000000000/vnfd")]
    [InlineData("/vnfpkgm/v1/subscriptions/3f0f3b7c-1d6a-4d9e-8a51-000000000000")]
    [InlineData("/nsd/v1/ns_descriptors/3f0f3b7c-1d6a-4d9e-8a51-000000000000")]
    public async Task Get_UnknownId_Is404ProblemDetailsNamingTheId(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Version", "2.8.0");

        using var response = await Server.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, path.Split('/')[4]);
    }

    [Fact]
    public async Task GetVnfd_WithAnAcceptItDoesNotOffer_Is406()
    {
        var info = await Server.OnboardAsync("storage");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/vnfpkgm/v1/vnf_packages/{info["id"]}/vnfd");
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await Server.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotAcceptable, "text/plain");
    }

    [Fact]
    public async Task StateConflicts_Are409()
    {
        var onboarded = await Server.OnboardAsync("vrouter");
        var fresh = await Server.CreatePackageAsync();

        using var deleteEnabled = await Server.Client.DeleteAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{onboarded["id"]}", UriKind.Relative));
        using var vnfdBeforeOnboarding = await Server.Client.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{fresh["id"]}/vnfd", UriKind.Relative));
        using var uploadAgain = await Server.UploadAsync(onboarded["id"]!.GetValue<string>(), [0x50, 0x4b, 3, 4]);
        using var enableAgain = await PatchAsync(onboarded["id"]!.GetValue<string>(), new JsonObject { ["operationalState"] = "ENABLED" }, null);

        await AssertProblemAsync(deleteEnabled, HttpStatusCode.Conflict, "ENABLED");
        await AssertProblemAsync(vnfdBeforeOnboarding, HttpStatusCode.Conflict, "CREATED");
        await AssertProblemAsync(uploadAgain, HttpStatusCode.Conflict, "ONBOARDED");
        await AssertProblemAsync(enableAgain, HttpStatusCode.Conflict, "already ENABLED");
    }

    [Fact]
    public async Task Patch_WithAStaleIfMatch_Is412AndWithTheCurrentETagSucceeds()
    {
        var created = await Server.CreatePackageAsync();
        var id = created["id"]!.GetValue<string>();
        using var get = await Server.Client.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}", UriKind.Relative));
        var etag = get.Headers.ETag!.Tag;
        using var first = await PatchAsync(id, new JsonObject { ["userDefinedData"] = new JsonObject { ["a"] = "1" } }, etag);

        using var stale = await PatchAsync(id, new JsonObject { ["userDefinedData"] = new JsonObject { ["b"] = "2" } }, etag);
        using var fresh = await PatchAsync(id, new JsonObject { ["userDefinedData"] = new JsonObject { ["b"] = "2" } }, first.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed, "ETag");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("2", (await fresh.Content.ReadFromJsonAsync<JsonObject>())!["userDefinedData"]!["b"]!.GetValue<string>());
        var after = (await Server.Client.GetFromJsonAsync<JsonObject>($"/vnfpkgm/v1/vnf_packages/{id}"))!;
        Assert.Equal("1", after["userDefinedData"]!["a"]!.GetValue<string>());
        Assert.Equal("2", after["userDefinedData"]!["b"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithAnInvalidState_Is400WithTheProblemsPath()
    {
        var id = (await Server.CreatePackageAsync())["id"]!.GetValue<string>();

        using var response = await PatchAsync(id, new JsonObject { ["operationalState"] = "SLEEPING" }, null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "SLEEPING");
        Assert.Equal("$.operationalState", problem["problems"]![0]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongBodyTypes_Are415()
    {
        var id = (await Server.CreatePackageAsync())["id"]!.GetValue<string>();
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        using var text = new StringContent("{}", Encoding.UTF8, "text/plain");

        using var upload = await Server.Client.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), json);
        using var create = await Server.Client.PostAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative), text);

        await AssertProblemAsync(upload, HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(create, HttpStatusCode.UnsupportedMediaType, "text/plain");
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_Is413AndThePackageStaysCreated()
    {
        var id = (await Server.CreatePackageAsync())["id"]!.GetValue<string>();

        using var response = await Server.UploadAsync(id, new byte[100_000]);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "65536");
        var info = (await Server.Client.GetFromJsonAsync<JsonObject>($"/vnfpkgm/v1/vnf_packages/{id}"))!;
        Assert.Equal("CREATED", info["onboardingState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscribe_WithACallbackThatFailsTheTest_Is422()
    {
        using var subscriber = new Lifecycle.Tests.Support.LoopbackHttpServer(_ => (404, null, null));

        using var response = await Server.Client.PostAsJsonAsync("/vnfpkgm/v1/subscriptions", new JsonObject { ["callbackUri"] = subscriber.Uri("/cb").ToString() });

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "404");
    }

    private async Task<HttpResponseMessage> PatchAsync(string id, JsonObject body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/vnfpkgm/v1/vnf_packages/{id}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }

        return await Server.Client.SendAsync(request);
    }

    internal static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.True(problem["detail"]!.GetValue<string>().Contains(detailContains, StringComparison.Ordinal), $"detail lacks '{detailContains}': {body}");
        return problem;
    }
}
