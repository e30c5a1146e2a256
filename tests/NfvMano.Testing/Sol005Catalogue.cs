using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace NfvMano.Testing;

/// <summary>
/// Onboards VNF packages and NSDs over the SOL005 API the way an OSS does: create the resource, upload
/// the zip, poll until it is <c>ONBOARDED</c> (failing at once on <c>ERROR</c>).
/// </summary>
public static class Sol005Catalogue
{
    private const string NsdApiVersion = "2.8.0";
    private static readonly TimeSpan OnboardingTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Onboards a VNF package and returns the id of its VNFD.</summary>
    public static async Task<string> OnboardVnfPackageAsync(HttpClient client, byte[] zip)
    {
        ArgumentNullException.ThrowIfNull(client);
        var created = await client.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await UploadAsync(client, $"/vnfpkgm/v1/vnf_packages/{id}/package_content", zip, null);
        var package = await WaitOnboardedAsync(client, $"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState", null);
        return (string)package["vnfdId"]!;
    }

    /// <summary>Onboards an NSD archive and returns the NSD info id.</summary>
    public static async Task<string> OnboardNsdAsync(HttpClient client, byte[] zip)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/nsd/v1/ns_descriptors") { Content = JsonContent.Create(new JsonObject()) };
        create.Headers.Add("Version", NsdApiVersion);
        var created = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await UploadAsync(client, $"/nsd/v1/ns_descriptors/{id}/nsd_content", zip, NsdApiVersion);
        await WaitOnboardedAsync(client, $"/nsd/v1/ns_descriptors/{id}", "nsdOnboardingState", NsdApiVersion);
        return id;
    }

    private static async Task UploadAsync(HttpClient client, string path, byte[] zip, string? version)
    {
        using var upload = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(zip) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        if (version is not null)
        {
            upload.Headers.Add("Version", version);
        }

        var response = await client.SendAsync(upload);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonObject> WaitOnboardedAsync(HttpClient client, string path, string stateField, string? version)
    {
        var deadline = DateTime.UtcNow + OnboardingTimeout;
        while (DateTime.UtcNow < deadline)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, path);
            if (version is not null)
            {
                get.Headers.Add("Version", version);
            }

            var info = (await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonObject>())!;
            var state = (string)info[stateField]!;
            if (state == "ONBOARDED")
            {
                return info;
            }

            Assert.True(state != "ERROR", info.ToJsonString());
            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} was not onboarded within {OnboardingTimeout.TotalSeconds:0} s");
    }
}
