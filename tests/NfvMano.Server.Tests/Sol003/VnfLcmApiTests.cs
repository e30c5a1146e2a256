using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence;
using NfvMano.Testing;
using static NfvMano.Testing.LcmOperations;

namespace NfvMano.Server.Tests.Sol003;

/// <summary>
/// SOL003 vnflcm through the real server: package onboarded over SOL005, instance driven by Quartz through the
/// workflow engine, grants by the placement engine, libvirt's test driver as the VIM (two hosts whose SR-IOV NICs
/// are both on cell 0, so the sample firewall fits; its anti-affinity then allows two engines, not three).
/// </summary>
public sealed class VnfLcmApiTests
{
    internal static Dictionary<string, string?> TwoHosts()
    {
        // The subscriber below listens nowhere: deliveries are checked in the database, not received.
        var settings = new Dictionary<string, string?> { ["NfvMano:Notifications:TestCallbackOnCreate"] = "false" };
        for (var i = 0; i < 2; i++)
        {
            var prefix = $"NfvMano:Vim:Libvirt:Hosts:{i}:";
            settings[prefix + "Id"] = $"compute-{i + 1}";
            settings[prefix + "Uri"] = "test://" + Samples.RepositoryFile("tests", "NfvMano.Lifecycle.Tests", "VnfLcm", "Fixtures", "node-both-nics-on-cell0.xml");
            settings[prefix + "DomainType"] = "test";
            settings[prefix + "CapabilitiesFile"] = Samples.RepositoryFile("tests", "NfvMano.Lifecycle.Tests", "VnfLcm", "Fixtures", "caps-2s-xeon-smt-2m-1g.xml");
            settings[prefix + "StoragePool"] = "nfv-pool";
            settings[prefix + "PhysicalNetworks:ens1f0"] = "physnet-data1";
            settings[prefix + "PhysicalNetworks:ens2f0"] = "physnet-data2";
        }
        return settings;
    }

    internal static async Task<string> OnboardAsync(HttpClient client, string sample)
    {
        var created = await client.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var content = new ByteArrayContent(Samples.Zip(sample));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PutAsync($"/vnfpkgm/v1/vnf_packages/{id}/package_content", content)).StatusCode);
        for (var i = 0; i < 600; i++)
        {
            var package = await client.GetFromJsonAsync<JsonObject>($"/vnfpkgm/v1/vnf_packages/{id}");
            if ((string)package!["onboardingState"]! == "ONBOARDED")
            {
                return (string)package["vnfdId"]!;
            }
            Assert.NotEqual("ERROR", (string)package["onboardingState"]!);
            await Task.Delay(100);
        }
        throw new TimeoutException($"package {sample} was not onboarded");
    }

    [Fact]
    public async Task Lifecycle_OverHttp_InstantiatesScalesRejectsHealsOperatesTerminatesWithOpOccsGrantsAndNotifications()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, TwoHosts());
        using var v1 = server.CreateClient();
        using var v2 = server.CreateClient();
        v2.DefaultRequestHeaders.Add("Version", "2.0.0");
        var vnfdId = await OnboardAsync(v1, "firewall");
        var subscribed = await v1.PostAsJsonAsync("/vnflcm/v1/subscriptions", new
        {
            callbackUri = "http://127.0.0.1:9/lcm",
            filter = new { notificationTypes = new[] { "VnfLcmOperationOccurrenceNotification" }, operationStates = new[] { "FAILED_TEMP", "ROLLED_BACK" } },
        });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionId = Guid.Parse((string)(await subscribed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        var badFilter = await v1.PostAsJsonAsync("/vnflcm/v1/subscriptions", new { callbackUri = "http://127.0.0.1:9/lcm", filter = new { vnfPkgIds = new[] { "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);

        var created = await v1.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId, vnfInstanceName = "fw-http" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)instance["id"]!;
        Assert.Equal("NOT_INSTANTIATED", (string)instance["instantiationState"]!);
        Assert.NotNull(instance["_links"]!["instantiate"]);

        var op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "standard" });
        await CompletedAsync(v1, op);
        // The grant the operation got is a resource of its own (grant/v1), with the placement it decided.
        var instantiated = (await v1.GetFromJsonAsync<JsonObject>(op))!;
        using var grantClient = server.CreateClient();
        grantClient.DefaultRequestHeaders.Add("Version", "1.3.0");
        var grant = (await grantClient.GetFromJsonAsync<JsonObject>((string)instantiated["_links"]!["grant"]!["href"]!))!;
        Assert.Equal((string)instantiated["grantId"]!, (string)grant["id"]!);
        Assert.Equal("INSTANTIATE", (string)instantiated["operation"]!);
        var grantedVnfc = (string)Assert.Single(grant["addResources"]!.AsArray())!["resourceDefinitionId"]!;
        Assert.StartsWith("compute-", (string)grant["additionalParams"]!["nfvmanoPlacement"]![grantedVnfc]!["host"]!, StringComparison.Ordinal);
        var info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        Assert.Equal("INSTANTIATED", (string)info["instantiationState"]!);
        var vnfc = info["instantiatedVnfInfo"]!["vnfcResourceInfo"]![0]!;
        Assert.Equal("fw", (string)vnfc["vduId"]!);
        Assert.StartsWith("compute-", (string)vnfc["metadata"]!["host"]!, StringComparison.Ordinal);
        Assert.Equal(4, vnfc["metadata"]!["pinnedCpus"]!.AsArray().Count);
        Assert.Equal(2048, (int)vnfc["metadata"]!["pageSizeKiB"]!);
        Assert.Equal(2, vnfc["metadata"]!["vfs"]!.AsArray().Count);
        Assert.False(string.IsNullOrEmpty((string)vnfc["computeResource"]!["resourceId"]!));
        Assert.IsType<JsonArray>(info["vimConnectionInfo"], exactMatch: false);

        // v2 side by side: the same instance, vimConnectionInfo as a map.
        var viaV2 = (await v2.GetFromJsonAsync<JsonObject>($"/vnflcm/v2/vnf_instances/{id}"))!;
        Assert.IsType<JsonObject>(viaV2["vimConnectionInfo"], exactMatch: false);

        op = await StartAsync(v2, $"/vnflcm/v2/vnf_instances/{id}/scale", new { type = "SCALE_OUT", aspectId = "fw_capacity", numberOfSteps = 1 });
        await CompletedAsync(v2, op);

        // A third engine has no host left under anti-affinity: FAILED_TEMP with the placement's reason.
        op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/scale", new { type = "SCALE_OUT", aspectId = "fw_capacity", numberOfSteps = 1 });
        var failed = await WaitAsync(v1, op, "COMPLETED", "FAILED_TEMP");
        Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
        Assert.Contains("grant rejected by placement", (string)failed["error"]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(403, (int)failed["error"]!["status"]!);
        Assert.NotNull(failed["_links"]!["rollback"]);
        var busy = await v1.PostAsJsonAsync($"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" });
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, (await v1.PostAsync($"{op}/rollback", null)).StatusCode);
        Assert.Equal("ROLLED_BACK", (string)(await WaitAsync(v1, op, "ROLLED_BACK", "FAILED_TEMP"))["operationState"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await v1.PostAsync($"{op}/retry", null)).StatusCode);

        info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        var vnfcs = info["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray();
        Assert.Equal(2, vnfcs.Count);
        var hosts = vnfcs.Select(v => (string)v!["metadata"]!["host"]!).ToHashSet();
        Assert.Equal(2, hosts.Count);

        op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/heal", new { vnfcInstanceId = new[] { (string)vnfcs[0]!["id"]! } });
        await CompletedAsync(v1, op);
        op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/operate", new { changeStateTo = "STOPPED", stopType = "FORCEFUL" });
        await CompletedAsync(v1, op);
        info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        Assert.Equal("STOPPED", (string)info["instantiatedVnfInfo"]!["vnfState"]!);

        op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/scale_to_level", new { instantiationLevelId = "small" });
        await CompletedAsync(v1, op);
        info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        Assert.Single(info["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray());

        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/vnflcm/v1/vnf_instances/{id}"))
        {
            patch.Content = JsonContent.Create(new { vnfInstanceName = "renamed", metadata = new { owner = "ops" } });
            patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await v1.SendAsync(patch)).StatusCode);
        }
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/vnflcm/v1/vnf_instances/{id}"))
        {
            patch.Content = JsonContent.Create(new { vnfInstanceName = "renamed", metadata = new { owner = "ops" } });
            var response = await v1.SendAsync(patch);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await CompletedAsync(v1, response.Headers.Location!);
        }
        info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        Assert.Equal("renamed", (string)info["vnfInstanceName"]!);
        Assert.Equal("ops", (string)info["metadata"]!["owner"]!);

        Assert.Equal(HttpStatusCode.Conflict, (await v1.DeleteAsync($"/vnflcm/v1/vnf_instances/{id}")).StatusCode);
        op = await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/terminate", new { terminationType = "FORCEFUL" });
        await CompletedAsync(v1, op);
        Assert.Equal(HttpStatusCode.NoContent, (await v1.DeleteAsync($"/vnflcm/v1/vnf_instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await v1.GetAsync($"/vnflcm/v1/vnf_instances/{id}")).StatusCode);

        var occs = (await v1.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!;
        Assert.Equal(8, occs.Count);
        var byState = occs.GroupBy(o => (string)o!["operationState"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(7, byState["COMPLETED"]);
        Assert.Equal(1, byState["ROLLED_BACK"]);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        Assert.Empty(await db.PlacementClaims.ToListAsync());
        var types = await db.OutboxMessages.Where(m => m.Type.StartsWith("Vnf")).Select(m => m.Type).ToListAsync();
        Assert.Contains("VnfIdentifierCreationNotification", types);
        Assert.Contains("VnfIdentifierDeletionNotification", types);
        Assert.True(types.Count(t => t == "VnfLcmOperationOccurrenceNotification") >= 8 * 3);
        // The subscription's filter lets through exactly the failed scale-out's FAILED_TEMP and ROLLED_BACK.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> delivered;
        do
        {
            await Task.Delay(200);
            delivered = await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId).Select(d => d.PayloadJson).ToListAsync();
        }
        while (delivered.Count < 2 && DateTime.UtcNow < deadline);
        Assert.Equal(["FAILED_TEMP", "ROLLED_BACK"], delivered.Select(p => (string)JsonNode.Parse(p)!["operationState"]!).Order());
        Assert.All(delivered, p => Assert.Equal(subscriptionId.ToString(), (string)JsonNode.Parse(p)!["subscriptionId"]!));
        var vim = scope.ServiceProvider.GetRequiredService<NfvMano.Vim.IVimDriver>();
        var owned = await vim.ListOwnedAsync(CancellationToken.None);
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Networks);
    }
}
