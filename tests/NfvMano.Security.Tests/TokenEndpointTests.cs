using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>The token endpoint and discovery of the real server, and tokens in either header.</summary>
public sealed class TokenEndpointTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private static FormUrlEncodedContent Form(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return new FormUrlEncodedContent(form);
    }

    [Fact]
    public async Task Discovery_AdvertisesTheTokenEndpoint_TheClientCredentialsGrant_AndEveryApiScope()
    {
        using var http = server.Anonymous();
        var configuration = (await http.GetFromJsonAsync<JsonObject>("/.well-known/openid-configuration"))!;
        Assert.Equal("http://localhost/oauth2/token", (string)configuration["token_endpoint"]!);
        Assert.Contains("client_credentials", configuration["grant_types_supported"]!.AsArray().Select(g => (string)g!));
        var scopes = configuration["scopes_supported"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.All(ApiScopes.All, s => Assert.Contains(s, scopes));
        Assert.Contains("vnflcm:read", scopes);
        Assert.Null(configuration["jwks_uri"]);
    }

    [Fact]
    public async Task Token_WithoutScopeParameter_CarriesEveryScopeOfTheClient_AndOnlyThose()
    {
        using var http = server.Anonymous();
        using var response = await http.PostAsync("/oauth2/token", Form("readers", SecuredServer.Secret));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (string)body["token_type"]!);
        Assert.Equal(
            ApiScopes.Apis.Where(a => a != ApiScopes.Admin).Select(ApiScopes.Read).Order(StringComparer.Ordinal),
            ((string)body["scope"]!).Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Token_ForAScopeTheClientMayNotHave_IsRefusedWithInvalidScope()
    {
        using var http = server.Anonymous();
        using var response = await http.PostAsync("/oauth2/token", Form("readers", SecuredServer.Secret, "vnflcm:write"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(error["access_token"]);
        Assert.Contains("scope", (string)error["error_description"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Token_WithAWrongSecretOrUnknownClient_IsRefusedWithInvalidClient()
    {
        using var http = server.Anonymous();
        foreach (var (id, secret) in new[] { (SecuredServer.TenantA, "not-the-secret-at-all"), ("nobody", SecuredServer.Secret) })
        {
            using var response = await http.PostAsync("/oauth2/token", Form(id, secret));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!);
        }
    }

    [Fact]
    public async Task Token_WithANarrowerScope_AllowsOnlyThatScope()
    {
        using var http = server.Anonymous();
        var token = await TestApiClient.RequestTokenAsync(http, SecuredServer.TenantA, SecuredServer.Secret, "vnfpkgm:read");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages");
        read.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(read)).StatusCode);
        using var write = new HttpRequestMessage(HttpMethod.Post, "/vnfpkgm/v1/vnf_packages") { Content = JsonContent.Create(new JsonObject()) };
        write.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(write)).StatusCode);
    }

    [Fact]
    public async Task AccessToken_InXAuthToken_IsAcceptedLikeABearerToken()
    {
        using var http = server.Anonymous();
        var token = await TestApiClient.RequestTokenAsync(http, SecuredServer.TenantA, SecuredServer.Secret);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/vnflcm/v1/vnf_instances");
        request.Headers.Add("X-Auth-Token", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/vnfpkgm/v1/subscriptions", "2.8.0")]
    [InlineData("/vnflcm/v2/subscriptions", "2.0.0")]
    public async Task Subscription_WithCredentialsInTheCallbackUri_IsRefused_WithoutEchoingThem(string path, string version)
    {
        using var http = await server.AsAsync(SecuredServer.TenantA);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new JsonObject { ["callbackUri"] = "http://oss:hunter2@127.0.0.1:9/notifications" }),
        };
        request.Headers.Add("Version", version);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.callbackUri", text, StringComparison.Ordinal);
        Assert.Contains("must not carry credentials", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }
}
