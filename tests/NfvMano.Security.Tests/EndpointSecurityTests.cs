using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Api.Sol013;
using NfvMano.Persistence;
using NfvMano.Persistence.Grants;
using NfvMano.Persistence.NsLcm;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>
/// Every endpoint the real server maps, enumerated from its <see cref="EndpointDataSource"/> (so endpoints added
/// later are covered with no change here): without a token 401, with a token lacking the API's scope 403, with
/// another tenant's token on a resource 404. Only a short list of endpoints may be anonymous.
/// </summary>
public sealed partial class EndpointSecurityTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    /// <summary>Paths that answer without credentials: probes, metrics, API documents, the token endpoint.</summary>
    private static readonly string[] AnonymousPrefixes = ["/healthz", "/readyz", "/metrics", "/openapi", "/scalar", "/oauth2/token"];

    private sealed record Call(string Method, string Pattern, string? Api, IReadOnlyList<string> Parameters, bool IsConsole)
    {
        public bool IsRead => Method is "GET" or "HEAD" or "OPTIONS";

        public override string ToString() => $"{Method} {Pattern}";
    }

    private List<Call> Calls(bool anonymous = false)
    {
        var registry = server.Factory.Services.GetRequiredService<ApiVersionRegistry>();
        var calls = new List<Call>();
        foreach (var endpoint in server.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if ((endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) != anonymous)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var api = endpoint.Metadata.GetMetadata<Sol013Api>()?.Name ?? registry.Find(pattern)?.Name
                ?? (segments is [var name, "api_versions"] ? name : null);
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            // The web console (another part) marks its endpoints; they authenticate with its cookie, not with tokens.
            var console = endpoint.Metadata.Any(m => m.GetType().Name == "ConsoleEndpointMetadata");
            calls.AddRange(methods.Select(m => new Call(m, pattern, api, parameters, console)));
        }

        return calls;
    }

    private string VersionOf(string path) =>
        server.Factory.Services.GetRequiredService<ApiVersionRegistry>().Find(path)?.Version ?? "1.0.0";

    private static string Fill(string pattern, Func<string, string> value) =>
        ParameterPattern().Replace(pattern, m => value(m.Groups[1].Value));

    private HttpRequestMessage Request(Call call, string path, bool withBody)
    {
        var request = new HttpRequestMessage(new HttpMethod(call.Method), path);
        request.Headers.Add("Version", VersionOf(path));
        request.Headers.Accept.ParseAdd("*/*");
        if (withBody && !call.IsRead && call.Method != "DELETE")
        {
            // A body each kind of endpoint accepts, so that only the tenant can make the difference.
            request.Content = call.Method switch
            {
                "PUT" => new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } },
                "PATCH" => new StringContent("{}", Encoding.UTF8, "application/merge-patch+json"),
                _ => new StringContent("{}", Encoding.UTF8, "application/json"),
            };
        }

        return request;
    }

    [Fact]
    public void Endpoints_ThatAllowAnonymousAccess_AreOnlyProbesMetricsDocumentsAndTheTokenEndpoint()
    {
        var anonymous = Calls(anonymous: true);
        Assert.Contains(anonymous, c => c.Pattern == "/oauth2/token");
        Assert.All(anonymous, c => Assert.True(
            c.IsConsole || AnonymousPrefixes.Any(p => c.Pattern.StartsWith(p, StringComparison.Ordinal)),
            $"{c} allows anonymous access; only {string.Join(", ", AnonymousPrefixes)} may."));
    }

    [Fact]
    public async Task EveryEndpoint_WithoutToken_Answers401ProblemWithChallenge()
    {
        var calls = Calls();
        Assert.True(calls.Count > 40, $"only {calls.Count} endpoints found");
        using var http = server.Anonymous();
        var wrong = new List<string>();
        foreach (var call in calls)
        {
            var path = Fill(call.Pattern, _ => Guid.NewGuid().ToString());
            foreach (var token in new string?[] { null, "not-a-token" })
            {
                using var request = Request(call, path, withBody: true);
                if (token is not null)
                {
                    request.Headers.Add("X-Auth-Token", token);
                }

                using var response = await http.SendAsync(request);
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                if (response.StatusCode != HttpStatusCode.Unauthorized || problem?["status"]?.GetValue<int>() != 401
                    || string.IsNullOrEmpty((string?)problem["detail"]) || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                {
                    wrong.Add($"{call} ({(token is null ? "no token" : "bad token")}): {(int)response.StatusCode} {problem?.ToJsonString()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryEndpoint_WithTokenLackingItsScope_Answers403Problem_AndWritesNeedTheWriteScope()
    {
        var wrong = new List<string>();
        foreach (var call in Calls())
        {
            Assert.True(call.Api is null || ApiScopes.Apis.Contains(call.Api), $"{call} belongs to API '{call.Api}', which has no scopes in ApiScopes.Apis");
            var path = Fill(call.Pattern, _ => Guid.NewGuid().ToString());
            // An endpoint of no API is granted by no token, not even one with every scope.
            var clients = call.Api is null ? [SecuredServer.TenantA] : call.IsRead ? ["without-" + call.Api] : new[] { "without-" + call.Api, "readers" };
            foreach (var client in clients)
            {
                using var http = await server.AsAsync(client);
                using var request = Request(call, path, withBody: true);
                using var response = await http.SendAsync(request);
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                var challenge = string.Join(' ', response.Headers.WwwAuthenticate.Select(h => h.ToString()));
                if (response.StatusCode != HttpStatusCode.Forbidden || problem?["status"]?.GetValue<int>() != 403
                    || !((string?)problem["detail"] ?? "").Contains(call.Api is null ? "no API" : ApiScopes.Write(call.Api), StringComparison.Ordinal)
                    || !challenge.Contains("insufficient_scope", StringComparison.Ordinal))
                {
                    wrong.Add($"{call} as {client}: {(int)response.StatusCode} {challenge} {problem?.ToJsonString()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryEndpointOnAResource_WithAnotherTenantsToken_Answers404_AndTheResourceStays()
    {
        var ids = await TenantAResourcesAsync();
        var calls = Calls().Where(c => c.Api is not null && c.Parameters.Count > 0).ToList();
        var unknown = calls.SelectMany(c => c.Parameters.Select(p => (c, p))).Where(x => !ids.ContainsKey(Key(x.c, x.p))).ToList();
        Assert.True(unknown.Count == 0,
            "No resource of tenant A for: " + string.Join(", ", unknown.Select(x => $"{{{x.p}}} of {x.c}")) + " — teach CreateResourcesOfTenantAAsync to make one.");

        using var b = await server.AsAsync(SecuredServer.TenantB);
        var wrong = new List<string>();
        foreach (var call in calls)
        {
            var path = Fill(call.Pattern, p => ids[Key(call, p)]);
            using var request = Request(call, path, withBody: true);
            using var response = await b.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                wrong.Add($"{call} as tenant B: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        // The same ids are real for tenant A, and nothing tenant B sent changed them.
        using var a = await server.AsAsync(SecuredServer.TenantA);
        foreach (var call in calls.Where(c => c.Method == "GET"))
        {
            var path = Fill(call.Pattern, p => ids[Key(call, p)]);
            using var request = Request(call, path, withBody: false);
            using var response = await a.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                wrong.Add($"{call} as tenant A: 404 {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryEndpointOnAResource_AsAnAdministrator_ReadsAnotherTenantsResource_ButItsWritesStillAnswer404()
    {
        var ids = await TenantAResourcesAsync();
        var calls = Calls().Where(c => c.Api is not null && c.Parameters.Count > 0).ToList();
        using var admin = await server.AsAsync(SecuredServer.Admin);
        var wrong = new List<string>();
        foreach (var call in calls)
        {
            var path = Fill(call.Pattern, p => ids[Key(call, p)]);
            using var request = Request(call, path, withBody: true);
            using var response = await admin.SendAsync(request);
            var found = response.StatusCode != HttpStatusCode.NotFound;
            if (found != (call.Method is "GET" or "HEAD"))
            {
                wrong.Add($"{call} as the administrator: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Subscription ids are per API root; every other parameter names one kind of resource.</summary>
    private static string Key(Call call, string parameter) =>
        parameter == "subscriptionId" ? $"{call.Pattern.Split('/')[1]}/{call.Pattern.Split('/')[2]}/subscriptionId" : parameter;

    // Made once per server: tenant A can onboard a VNFD id only once.
    private Task<Dictionary<string, string>> TenantAResourcesAsync() => server.TenantAResources ??= CreateResourcesOfTenantAAsync();

    private async Task<Dictionary<string, string>> CreateResourcesOfTenantAAsync()
    {
        using var a = await server.AsAsync(SecuredServer.TenantA);
        var ids = new Dictionary<string, string>();

        var vnfdId = await OnboardAsync(a, "vrouter");
        ids["vnfPkgId"] = vnfdId.PackageId;
        ids["artifactPath"] = "Scripts/configure-vrouter.sh";
        ids["nsdInfoId"] = await CreateAsync(a, "/nsd/v1/ns_descriptors", new JsonObject(), "2.8.0");

        var instance = await CreateAsync(a, "/vnflcm/v1/vnf_instances", new JsonObject { ["vnfdId"] = vnfdId.VnfdId, ["vnfInstanceName"] = "a" }, "1.3.0");
        ids["vnfInstanceId"] = instance;
        using (var modify = new HttpRequestMessage(HttpMethod.Patch, $"/vnflcm/v1/vnf_instances/{instance}") { Content = new StringContent("""{"vnfInstanceName":"a2"}""", Encoding.UTF8, "application/merge-patch+json") })
        {
            using var modified = await a.SendAsync(modify);
            Assert.True(modified.StatusCode == HttpStatusCode.Accepted, await modified.Content.ReadAsStringAsync());
            ids["vnfLcmOpOccId"] = modified.Headers.Location!.ToString().Split('/')[^1];
        }

        var callback = new JsonObject { ["callbackUri"] = "http://127.0.0.1:9/notifications" };
        var registry = server.Factory.Services.GetRequiredService<ApiVersionRegistry>();
        foreach (var root in Calls().Where(c => c.Pattern.EndsWith("/subscriptions/{subscriptionId}", StringComparison.Ordinal)).Select(c => c.Pattern.Split('/')[1] + "/" + c.Pattern.Split('/')[2]).Distinct())
        {
            ids[root + "/subscriptionId"] = await CreateAsync(a, $"/{root}/subscriptions", (JsonObject)callback.DeepClone(), registry.Find("/" + root)!.Version);
        }

        // NS instances, their operations and grants come from flows far longer than this test needs; rows of tenant A do.
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var now = DateTimeOffset.UtcNow;
        var ns = new NsInstanceEntity { Id = Guid.NewGuid(), TenantId = SecuredServer.TenantA, Name = "a", NsdId = "nsd-a", NsdInfoId = Guid.Parse(ids["nsdInfoId"]), CreatedAt = now, UpdatedAt = now };
        var nsOcc = new NsLcmOpOccEntity { Id = Guid.NewGuid(), TenantId = SecuredServer.TenantA, NsInstanceId = ns.Id, LcmOperationType = "INSTANTIATE", OperationState = "FAILED_TEMP", StateEnteredTime = now, StartTime = now };
        var grant = new GrantEntity { Id = Guid.NewGuid(), TenantId = SecuredServer.TenantA, VnfInstanceId = Guid.Parse(instance), VnfLcmOpOccId = Guid.Parse(ids["vnfLcmOpOccId"]), Operation = "INSTANTIATE", GrantJson = "{}", CreatedAt = now };
        db.AddRange(ns, nsOcc, grant);
        await db.SaveChangesAsync();
        ids["nsInstanceId"] = ns.Id.ToString();
        ids["nsLcmOpOccId"] = nsOcc.Id.ToString();
        ids["grantId"] = grant.Id.ToString();
        Assert.Equal(1, await db.NsInstances.CountAsync(n => n.Id == ns.Id));
        return ids;
    }

    private static async Task<string> CreateAsync(HttpClient http, string path, JsonObject body, string version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Version", version);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    internal static async Task<(string PackageId, string VnfdId)> OnboardAsync(HttpClient http, string sample)
    {
        var id = await CreateAsync(http, "/vnfpkgm/v1/vnf_packages", new JsonObject(), "2.8.0");
        using var content = new ByteArrayContent(Samples.Zip(sample));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var uploaded = await http.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        for (var i = 0; i < 300; i++)
        {
            var package = (await http.GetFromJsonAsync<JsonObject>(new Uri($"/vnfpkgm/v1/vnf_packages/{id}", UriKind.Relative)))!;
            var state = (string)package["onboardingState"]!;
            if (state == "ONBOARDED")
            {
                return (id, (string)package["vnfdId"]!);
            }

            Assert.NotEqual("CREATED", state);
            await Task.Delay(100);
        }

        throw new TimeoutException($"package {id} not onboarded");
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
