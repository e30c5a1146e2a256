using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Server.Tests;
using NfvMano.Testing;

namespace NfvMano.Api.Tests.Sol005;

/// <summary>
/// The real server in process on a database of its own, with its background onboarding and notification workers
/// running, plus the calls the SOL005 tests repeat.
/// </summary>
public sealed class Sol005Server : IAsyncDisposable
{
    private Sol005Server(TestDatabase database, NfvManoServerFactory factory)
    {
        Database = database;
        Factory = factory;
        Client = factory.CreateClient();
    }

    public TestDatabase Database { get; }

    public NfvManoServerFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<Sol005Server> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var all = new Dictionary<string, string?>
        {
            ["NfvMano:Catalogue:PollInterval"] = "00:00:00.200",
            ["NfvMano:Notifications:PollInterval"] = "00:00:00.100",
            ["NfvMano:Notifications:InitialBackoff"] = "00:00:00.050",
            ["NfvMano:Notifications:MaxBackoff"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new Sol005Server(database, new NfvManoServerFactory(database, all));
    }

    public async Task<JsonObject> CreatePackageAsync(JsonObject? userDefinedData = null)
    {
        using var response = await Client.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject { ["userDefinedData"] = userDefinedData ?? [] });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<HttpResponseMessage> UploadAsync(string id, byte[] zip)
    {
        using var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await Client.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), content);
    }

    /// <summary>Creates a package, uploads a sample and waits until onboarding has ended; returns the package info.</summary>
    public async Task<JsonObject> OnboardAsync(string sample)
    {
        var id = (await CreatePackageAsync())["id"]!.GetValue<string>();
        using var upload = await UploadAsync(id, Samples.Zip(sample));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        return await WaitUntilSettledAsync($"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState");
    }

    /// <summary>Polls a package or NSD until it leaves UPLOADING/PROCESSING.</summary>
    public async Task<JsonObject> WaitUntilSettledAsync(string path, string stateAttribute)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var info = (await Client.GetFromJsonAsync<JsonObject>(path))!;
            var state = info[stateAttribute]!.GetValue<string>();
            if (state is not ("UPLOADING" or "PROCESSING"))
            {
                return info;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} stayed {state}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
