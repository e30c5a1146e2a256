using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Testing;

namespace NfvMano.Api.Tests.Sol005;

public sealed class VnfPkgmOnboardingHttpTests
{
    [Theory]
    [InlineData("vrouter", false)]
    [InlineData("firewall", false)]
    [InlineData("storage", true)]
    public async Task Onboard_SampleOverHttp_IsOnboardedAndContentVnfdManifestAndArtifactsCanBeFetched(string sample, bool singleFileVnfd)
    {
        await using var server = await Sol005Server.StartAsync();
        var zip = Samples.Zip(sample);
        var created = await server.CreatePackageAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("CREATED", created["onboardingState"]!.GetValue<string>());

        using var upload = await server.UploadAsync(id, zip);
        var info = await server.WaitUntilSettledAsync($"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState");

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Empty(await upload.Content.ReadAsByteArrayAsync());
        Assert.Null(info["onboardingFailureDetails"]);
        Assert.Equal("ONBOARDED", info["onboardingState"]!.GetValue<string>());
        Assert.Equal("ENABLED", info["operationalState"]!.GetValue<string>());
        Assert.NotNull(info["vnfdId"]);
        Assert.NotEmpty(info["softwareImages"]!.AsArray());

        var content = await server.Client.GetByteArrayAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative));
        Assert.Equal(zip, content);

        using var zipRequest = new HttpRequestMessage(HttpMethod.Get, $"/vnfpkgm/v1/vnf_packages/{id}/vnfd");
        zipRequest.Headers.Accept.ParseAdd("application/zip");
        using var vnfdZip = await server.Client.SendAsync(zipRequest);
        Assert.Equal(HttpStatusCode.OK, vnfdZip.StatusCode);
        Assert.Equal("application/zip", vnfdZip.Content.Headers.ContentType!.ToString());
        using var archive = new ZipArchive(await vnfdZip.Content.ReadAsStreamAsync());
        Assert.NotEmpty(archive.Entries);

        using var textRequest = new HttpRequestMessage(HttpMethod.Get, $"/vnfpkgm/v1/vnf_packages/{id}/vnfd");
        textRequest.Headers.Accept.ParseAdd("text/plain");
        using var vnfdText = await server.Client.SendAsync(textRequest);
        if (singleFileVnfd)
        {
            Assert.Equal(HttpStatusCode.OK, vnfdText.StatusCode);
            Assert.Equal("text/plain", vnfdText.Content.Headers.ContentType!.ToString());
            Assert.StartsWith("tosca_definitions_version", await vnfdText.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotAcceptable, vnfdText.StatusCode);
            Assert.Contains("application/zip", (await vnfdText.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var manifest = await server.Client.GetStringAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/manifest", UriKind.Relative));
        Assert.Contains("Source:", manifest, StringComparison.Ordinal);

        var image = info["softwareImages"]![0]!["imagePath"]!.GetValue<string>();
        using var artifact = await server.Client.GetAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/artifacts/{image}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, artifact.StatusCode);
        using var entries = new ZipArchive(new MemoryStream(zip));
        await using var expected = entries.GetEntry(image)!.Open();
        using var copy = new MemoryStream();
        await expected.CopyToAsync(copy);
        Assert.Equal(copy.ToArray(), await artifact.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_AsMultipartFormFile_IsOnboardedLikeARawZip()
    {
        await using var server = await Sol005Server.StartAsync();
        var id = (await server.CreatePackageAsync())["id"]!.GetValue<string>();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Samples.Zip("firewall"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "firewall.zip");

        using var upload = await server.Client.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), form);
        var info = await server.WaitUntilSettledAsync($"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState");

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal("ONBOARDED", info["onboardingState"]!.GetValue<string>());
    }

    [Fact]
    public async Task UploadFromUri_PackageOnALoopbackHost_IsFetchedWithBasicAuthAndOnboarded()
    {
        var zip = Samples.Zip("storage");
        using var host = new LoopbackHttpServer(r => r.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p"))
            ? (200, "application/zip", zip)
            : (401, null, null));
        await using var server = await Sol005Server.StartAsync();
        var id = (await server.CreatePackageAsync())["id"]!.GetValue<string>();

        using var accepted = await server.Client.PostAsJsonAsync($"/vnfpkgm/v1/vnf_packages/{id}/package_content/upload_from_uri",
            new JsonObject { ["addressInformation"] = host.Uri("/pkgs/storage.zip").ToString(), ["authType"] = "BASIC", ["userName"] = "u", ["password"] = "p" });
        var info = await server.WaitUntilSettledAsync($"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Empty(await accepted.Content.ReadAsByteArrayAsync());
        Assert.Equal("ONBOARDED", info["onboardingState"]!.GetValue<string>());
        Assert.Single(host.Received("GET", "/pkgs/storage.zip"));
    }

    [Fact]
    public async Task UploadFromUri_UnreachableContent_ReturnsToCreatedWithTheReason()
    {
        using var host = new LoopbackHttpServer(_ => (404, null, null));
        await using var server = await Sol005Server.StartAsync();
        var id = (await server.CreatePackageAsync())["id"]!.GetValue<string>();

        using var accepted = await server.Client.PostAsJsonAsync($"/vnfpkgm/v1/vnf_packages/{id}/package_content/upload_from_uri",
            new JsonObject { ["addressInformation"] = host.Uri("/missing.zip").ToString() });
        var info = await server.WaitUntilSettledAsync($"/vnfpkgm/v1/vnf_packages/{id}", "onboardingState");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("CREATED", info["onboardingState"]!.GetValue<string>());
        Assert.Contains("404", info["onboardingFailureDetails"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_EveryBrokenSampleOverHttp_ReturnsToCreatedWithItsProblems()
    {
        await using var server = await Sol005Server.StartAsync();
        var failures = new List<string>();
        foreach (var sample in Samples.Broken())
        {
            var info = await server.OnboardAsync(sample);
            var problems = info["onboardingFailureDetails"]?["problems"] as JsonArray;
            if (info["onboardingState"]!.GetValue<string>() != "CREATED" || problems is not { Count: > 0 } || info["vnfdId"] is not null)
            {
                failures.Add($"{sample}: {info.ToJsonString()}");
            }
        }

        Assert.Empty(failures);
    }
}
