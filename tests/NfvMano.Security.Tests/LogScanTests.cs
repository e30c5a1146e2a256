using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Security.Tests;

/// <summary>
/// Credentials never reach a log: secrets are planted (an API client secret, a wrong one, a VIM password, the
/// console's first admin password, the bearer token in use and a forged one), a realistic run goes through the HTTP
/// API with every log category at Trace, and no captured line — message, structured values, scopes or exceptions —
/// may contain any of them.
/// </summary>
public sealed class LogScanTests
{
    private const string Lcm = "1.3.0";

    [Fact]
    public async Task FullRunThroughTheApi_WithEveryLogAtTrace_LogsNoneOfThePlantedSecrets()
    {
        string Planted(string what) => $"planted-{what}-{Guid.NewGuid():N}";
        var clientSecret = Planted("client-secret");
        var wrongSecret = Planted("wrong-secret");
        var vimPassword = Planted("vim-password");
        var operatorPassword = Planted("operator-password");
        var forgedToken = Planted("forged-token");

        await using var database = await TestDatabase.CreateAsync();
        var logs = new SecretsTests.Logs();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["NfvMano:Security:Clients:1:ClientId"] = "scanner",
            ["NfvMano:Security:Clients:1:ClientSecret"] = clientSecret,
            ["NfvMano:Security:Clients:1:Scopes"] = "* admin:read",
            ["NfvMano:Security:Clients:1:Tenant"] = "scan",
            ["NfvMano:Console:InitialAdminPassword"] = operatorPassword,
            // Not the VIM of this run (the embedded test driver is), but configured as an operator would.
            ["NfvMano:Vim:OpenStack:Password"] = vimPassword,
            ["NfvMano:Notifications:TestCallbackOnCreate"] = "false",
        }).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var http = factory.Server.CreateClient();

        // Token: a refused one, then the real one.
        using (var refused = await http.PostAsync(new Uri("/oauth2/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "scanner", ["client_secret"] = wrongSecret,
        })))
        {
            Assert.False(refused.IsSuccessStatusCode);
        }

        var token = await TestApiClient.RequestTokenAsync(http, "scanner", clientSecret);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Catalogue: a package onboarded, a garbage archive that fails, a fetch with credentials that fails.
        var (_, vnfdId) = await EndpointSecurityTests.OnboardAsync(http, "vrouter");
        var garbage = await CreateAsync(http, "/vnfpkgm/v1/vnf_packages", new JsonObject(), "2.8.0");
        using (var content = new ByteArrayContent("not a zip"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } })
        {
            using var _ = await http.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{garbage}/package_content", UriKind.Relative), content);
        }

        var fetched = await CreateAsync(http, "/vnfpkgm/v1/vnf_packages", new JsonObject(), "2.8.0");
        using (var fromUri = await http.PostAsJsonAsync($"/vnfpkgm/v1/vnf_packages/{fetched}/package_content/upload_from_uri",
            new JsonObject { ["addressInformation"] = "http://127.0.0.1:9/vrouter.zip", ["userName"] = "vim", ["password"] = vimPassword }))
        {
            Assert.Equal(HttpStatusCode.Accepted, fromUri.StatusCode);
        }

        // Subscriptions: one authenticating with Basic toward an unreachable subscriber, one with credentials in the URI.
        await CreateAsync(http, "/vnflcm/v1/subscriptions", new JsonObject
        {
            ["callbackUri"] = "http://127.0.0.1:9/notifications",
            ["authentication"] = new JsonObject { ["authType"] = new JsonArray("BASIC"), ["paramsBasic"] = new JsonObject { ["userName"] = "oss", ["password"] = vimPassword } },
        }, Lcm);
        using (var withCredentials = await SendAsync(http, HttpMethod.Post, "/vnflcm/v1/subscriptions", new JsonObject { ["callbackUri"] = $"http://oss:{vimPassword}@127.0.0.1:9/n" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withCredentials.StatusCode);
        }

        // Lifecycle on the test driver: a refused instantiation, then instantiate and terminate.
        var instance = await CreateAsync(http, "/vnflcm/v1/vnf_instances", new JsonObject { ["vnfdId"] = vnfdId, ["vnfInstanceName"] = "scan" }, Lcm);
        using (var wrongFlavour = await SendAsync(http, HttpMethod.Post, $"/vnflcm/v1/vnf_instances/{instance}/instantiate", new JsonObject { ["flavourId"] = "no-such-flavour" }))
        {
            Assert.False(wrongFlavour.IsSuccessStatusCode);
        }

        await CompletedAsync(http, await StartAsync(http, $"/vnflcm/v1/vnf_instances/{instance}/instantiate", new JsonObject { ["flavourId"] = "default" }));
        await CompletedAsync(http, await StartAsync(http, $"/vnflcm/v1/vnf_instances/{instance}/terminate", new JsonObject { ["terminationType"] = "FORCEFUL" }));

        // A forged token in each header, and the admin's audit read.
        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/vnfpkgm/v1/vnf_packages"))
        {
            forged.Headers.Add("X-Auth-Token", forgedToken);
            using var anonymous = factory.Server.CreateClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forged)).StatusCode);
            using var bearer = new HttpRequestMessage(HttpMethod.Delete, $"/vnfpkgm/v1/vnf_packages/{garbage}");
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forgedToken);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(bearer)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/admin/v1/audit", UriKind.Relative))).StatusCode);
        // Give the failing fetch and the undeliverable notifications time to fail and log it.
        await WaitForAsync(() => logs.Lines.Any(l => l.Contains(fetched, StringComparison.Ordinal) && l.Contains("127.0.0.1:9", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

        // The capture is real: the run's own details are there, at every level down to Trace.
        var lines = logs.Lines.ToList();
        Assert.True(lines.Count > 200, $"only {lines.Count} log lines captured");
        Assert.Contains(lines, l => l.StartsWith("Trace ", StringComparison.Ordinal) || l.StartsWith("Debug ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("scanner", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(instance, StringComparison.Ordinal));

        var planted = new Dictionary<string, string>
        {
            ["client secret"] = clientSecret,
            ["wrong client secret"] = wrongSecret,
            ["VIM password"] = vimPassword,
            ["operator password"] = operatorPassword,
            ["bearer token"] = token,
            ["forged token"] = forgedToken,
            ["test client secret"] = TestApiClient.ClientSecret,
        };
        var leaks = planted.SelectMany(p => lines.Where(l => l.Contains(p.Value, StringComparison.Ordinal)).Select(l => $"{p.Key} in: {l}")).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks of {string.Join(", ", planted.Where(p => lines.Any(l => l.Contains(p.Value, StringComparison.Ordinal))).Select(p => p.Key))}:\n" + string.Join("\n----\n", leaks.Take(5)));
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject body, string version = Lcm)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Version", version);
        return await http.SendAsync(request);
    }

    private static async Task<string> CreateAsync(HttpClient http, string path, JsonObject body, string version)
    {
        using var response = await SendAsync(http, HttpMethod.Post, path, body, version);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static async Task<Uri> StartAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await SendAsync(http, HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private static async Task CompletedAsync(HttpClient http, Uri location)
    {
        for (var i = 0; i < 600; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, location);
            request.Headers.Add("Version", Lcm);
            using var response = await http.SendAsync(request);
            var occ = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var state = (string?)occ["operationState"];
            if (state is "COMPLETED" or "FAILED_TEMP" or "FAILED" or "ROLLED_BACK")
            {
                Assert.True(state == "COMPLETED", occ.ToJsonString());
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{location} did not complete");
    }
}
