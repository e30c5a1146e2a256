using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Testing;

namespace NfvMano.Api.Tests.Sol005;

public sealed class NsdAndNotificationHttpTests
{
    [Fact]
    public async Task Nsd_ServiceChainOverHttp_IsOnboardedOnceItsVnfPackagesAreAndServesItsFiles()
    {
        await using var server = await Sol005Server.StartAsync();
        var early = await OnboardNsdAsync(server);
        var packageIds = new List<string>();
        foreach (var sample in Samples.VnfPackages)
        {
            packageIds.Add((await server.OnboardAsync(sample))["id"]!.GetValue<string>());
        }

        var nsd = await OnboardNsdAsync(server);
        var id = nsd["id"]!.GetValue<string>();
        using var zipRequest = new HttpRequestMessage(HttpMethod.Get, $"/nsd/v1/ns_descriptors/{id}/nsd");
        zipRequest.Headers.Accept.ParseAdd("application/zip");
        zipRequest.Headers.Add("Version", "2.8.0");
        using var zip = await server.Client.SendAsync(zipRequest);

        Assert.Equal("CREATED", early["nsdOnboardingState"]!.GetValue<string>());
        Assert.Contains("nsd.vnfd-not-onboarded", early["onboardingFailureDetails"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("ONBOARDED", nsd["nsdOnboardingState"]!.GetValue<string>());
        Assert.Equal("ENABLED", nsd["nsdOperationalState"]!.GetValue<string>());
        Assert.Equal(packageIds.Order(StringComparer.Ordinal), nsd["vnfPkgIds"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Contains(archive.Entries, e => e.FullName.EndsWith(".nsd.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nsd_WithoutTheVersionHeader_Is400BecauseOnlyVnfpkgmWaivesIt()
    {
        await using var server = await Sol005Server.StartAsync();

        using var response = await server.Client.GetAsync(new Uri("/nsd/v1/ns_descriptors", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Subscription_ReceivesTheOnboardingNotificationFromTheRunningServer()
    {
        using var subscriber = new LoopbackHttpServer(_ => (204, null, null));
        await using var server = await Sol005Server.StartAsync();
        using var subscribe = await server.Client.PostAsJsonAsync("/vnfpkgm/v1/subscriptions", new JsonObject
        {
            ["callbackUri"] = subscriber.Uri("/events").ToString(),
            ["filter"] = new JsonObject { ["notificationTypes"] = new JsonArray("VnfPackageOnboardingNotification") },
        });
        var subscription = (await subscribe.Content.ReadFromJsonAsync<JsonObject>())!;
        var subscriptionId = subscription["id"]!.GetValue<string>();

        var package = await server.OnboardAsync("firewall");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (subscriber.Received("POST", "/events").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var listed = await Sol005QueryHttpTests.ListAllAsync(server, "/vnfpkgm/v1/subscriptions");
        using var delete = await server.Client.DeleteAsync(new Uri($"/vnfpkgm/v1/subscriptions/{subscriptionId}", UriKind.Relative));
        using var gone = await server.Client.GetAsync(new Uri($"/vnfpkgm/v1/subscriptions/{subscriptionId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, subscribe.StatusCode);
        Assert.Equal(subscription["_links"]!["self"]!["href"]!.GetValue<string>(), subscribe.Headers.Location!.ToString());
        Assert.Null(subscription["authentication"]);
        Assert.Single(subscriber.Received("GET", "/events"));
        var notification = JsonNode.Parse(Assert.Single(subscriber.Received("POST", "/events")).Body)!;
        Assert.Equal("VnfPackageOnboardingNotification", notification["notificationType"]!.GetValue<string>());
        Assert.Equal(package["id"]!.GetValue<string>(), notification["vnfPkgId"]!.GetValue<string>());
        Assert.Equal(package["vnfdId"]!.GetValue<string>(), notification["vnfdId"]!.GetValue<string>());
        Assert.Equal(subscriptionId, notification["subscriptionId"]!.GetValue<string>());
        Assert.Equal([subscriptionId], listed.Select(s => s["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<JsonObject> OnboardNsdAsync(Sol005Server server)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/nsd/v1/ns_descriptors") { Content = JsonContent.Create(new JsonObject()) };
        create.Headers.Add("Version", "2.8.0");
        using var created = await server.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/nsd/v1/ns_descriptors/{id}/nsd_content") { Content = new ByteArrayContent(Samples.Zip(Samples.ServiceChainNsd)) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        upload.Headers.Add("Version", "2.8.0");
        using var uploaded = await server.Client.SendAsync(upload);
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        server.Client.DefaultRequestHeaders.Remove("Version");
        server.Client.DefaultRequestHeaders.Add("Version", "2.8.0");
        try
        {
            return await server.WaitUntilSettledAsync($"/nsd/v1/ns_descriptors/{id}", "nsdOnboardingState");
        }
        finally
        {
            server.Client.DefaultRequestHeaders.Remove("Version");
        }
    }
}
