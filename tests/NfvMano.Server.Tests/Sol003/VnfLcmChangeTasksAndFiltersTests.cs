using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence;
using NfvMano.Testing;
using static NfvMano.Testing.LcmOperations;

namespace NfvMano.Server.Tests.Sol003;

/// <summary>
/// change_flavour and change_ext_conn over v1 and v2, and SOL003 LifecycleChangeNotificationsFilter subscriptions
/// (nested vnfInstanceSubscriptionFilter) whose notifications link to the API version they were made on.
/// </summary>
public sealed class VnfLcmChangeTasksAndFiltersTests
{
    [Fact]
    public async Task ChangeTasks_OverV1AndV2_Answer202WithLocationAndSubscribersGetWhatTheirFiltersSayLinkedToTheirVersion()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, VnfLcmApiTests.TwoHosts());
        using var v1 = server.CreateClient();
        using var v2 = server.CreateClient();
        v2.DefaultRequestHeaders.Add("Version", "2.0.0");
        var vnfdId = await VnfLcmApiTests.OnboardAsync(v1, "firewall");

        var changesOnV2 = await SubscribeAsync(v2, "/vnflcm/v2/subscriptions", new JsonObject
        {
            ["vnfInstanceSubscriptionFilter"] = new JsonObject { ["vnfInstanceNames"] = new JsonArray("fw-change") },
            ["operationTypes"] = new JsonArray("CHANGE_FLAVOUR", "CHANGE_EXT_CONN"),
            ["operationStates"] = new JsonArray("COMPLETED"),
        });
        var creationsOnV1 = await SubscribeAsync(v1, "/vnflcm/v1/subscriptions", new JsonObject
        {
            ["notificationTypes"] = new JsonArray("VnfIdentifierCreationNotification"),
            ["vnfInstanceSubscriptionFilter"] = new JsonObject
            {
                ["vnfdIds"] = new JsonArray(vnfdId),
                ["vnfProductsFromProviders"] = JsonNode.Parse("""[{"vnfProvider": "Acme Networks", "vnfProducts": [{"vnfProductName": "vFirewall"}]}]"""),
            },
        });
        var otherName = await SubscribeAsync(v1, "/vnflcm/v1/subscriptions", new JsonObject
        {
            ["vnfInstanceSubscriptionFilter"] = new JsonObject { ["vnfInstanceNames"] = new JsonArray("another-vnf") },
        });
        var bad = await v1.PostAsJsonAsync("/vnflcm/v1/subscriptions", new JsonObject
        {
            ["callbackUri"] = "http://127.0.0.1:9/lcm",
            ["filter"] = new JsonObject { ["vnfInstanceSubscriptionFilter"] = new JsonObject { ["vnfPkgIds"] = new JsonArray("x"), ["vnfInstanceIds"] = "y" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("vnfInstanceSubscriptionFilter.vnfPkgIds", problem, StringComparison.Ordinal);
        Assert.Contains("vnfInstanceSubscriptionFilter.vnfInstanceIds", problem, StringComparison.Ordinal);
        Assert.Equal([changesOnV2], (await v2.GetFromJsonAsync<JsonArray>("/vnflcm/v2/subscriptions"))!.Select(s => (string)s!["id"]!));
        Assert.Equal(new[] { creationsOnV1, otherName }.Order(StringComparer.Ordinal), (await v1.GetFromJsonAsync<JsonArray>("/vnflcm/v1/subscriptions"))!.Select(s => (string)s!["id"]!).Order(StringComparer.Ordinal));

        var created = await v1.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId, vnfInstanceName = "fw-change" });
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await CompletedAsync(v1, await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/instantiate", new { flavourId = "lab" }, "/vnflcm/v1/"));
        var info = (await v2.GetFromJsonAsync<JsonObject>($"/vnflcm/v2/vnf_instances/{id}"))!;
        Assert.Equal("lab", (string)info["instantiatedVnfInfo"]!["flavourId"]!);
        Assert.EndsWith($"/vnflcm/v2/vnf_instances/{id}/change_flavour", (string)info["_links"]!["changeFlavour"]!["href"]!, StringComparison.Ordinal);
        Assert.EndsWith($"/vnflcm/v2/vnf_instances/{id}/change_ext_conn", (string)info["_links"]!["changeExtConn"]!["href"]!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await v2.PostAsJsonAsync($"/vnflcm/v2/vnf_instances/{id}/change_flavour", new { newFlavourId = "lab" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await v2.PostAsJsonAsync($"/vnflcm/v2/vnf_instances/{id}/change_flavour", new { newFlavourId = "gold" })).StatusCode);
        await CompletedAsync(v2, await StartAsync(v2, $"/vnflcm/v2/vnf_instances/{id}/change_flavour",
            new { newFlavourId = "standard", instantiationLevelId = "small" }, "/vnflcm/v2/"));
        info = (await v1.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_instances/{id}"))!;
        Assert.Equal("standard", (string)info["instantiatedVnfInfo"]!["flavourId"]!);
        Assert.Equal("fw", (string)Assert.Single(info["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray())!["vduId"]!);

        Assert.Equal(HttpStatusCode.BadRequest, (await v1.PostAsJsonAsync($"/vnflcm/v1/vnf_instances/{id}/change_ext_conn",
            JsonNode.Parse("""{"extVirtualLinks": [{"id": "x", "extCps": [{"cpdId": "lab_in"}]}]}"""))).StatusCode);
        await CompletedAsync(v1, await StartAsync(v1, $"/vnflcm/v1/vnf_instances/{id}/change_ext_conn",
            JsonNode.Parse("""{"extVirtualLinks": [{"id": "ext-out", "resourceId": "net-out", "extCps": [{"cpdId": "fw_out", "cpConfig": {"out-0": {"linkPortId": "port-1"}}}]}]}""")!, "/vnflcm/v1/"));
        info = (await v2.GetFromJsonAsync<JsonObject>($"/vnflcm/v2/vnf_instances/{id}"))!;
        var extCp = Assert.Single(info["instantiatedVnfInfo"]!["extCpInfo"]!.AsArray())!;
        Assert.Equal(("fw_out", "out-0", "port-1"), ((string)extCp["cpdId"]!, (string)extCp["cpConfigId"]!, (string)extCp["extLinkPortId"]!));
        Assert.Equal("ext-out", (string)extCp["metadata"]!["extVirtualLinkId"]!);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var onV2 = await DeliveredAsync(db, changesOnV2, 2);
        Assert.Equal(["CHANGE_EXT_CONN", "CHANGE_FLAVOUR"], onV2.Select(n => (string)n["operation"]!).Order());
        Assert.All(onV2, n =>
        {
            Assert.Equal("COMPLETED", (string)n["operationState"]!);
            Assert.EndsWith($"/vnflcm/v2/vnf_instances/{id}", (string)n["_links"]!["vnfInstance"]!["href"]!, StringComparison.Ordinal);
            Assert.Contains("/vnflcm/v2/vnf_lcm_op_occs/", (string)n["_links"]!["vnfLcmOpOcc"]!["href"]!, StringComparison.Ordinal);
            Assert.EndsWith($"/vnflcm/v2/subscriptions/{changesOnV2}", (string)n["_links"]!["subscription"]!["href"]!, StringComparison.Ordinal);
        });
        var onV1 = Assert.Single(await DeliveredAsync(db, creationsOnV1, 1));
        Assert.Equal("VnfIdentifierCreationNotification", (string)onV1["notificationType"]!);
        Assert.EndsWith($"/vnflcm/v1/vnf_instances/{id}", (string)onV1["_links"]!["vnfInstance"]!["href"]!, StringComparison.Ordinal);
        Assert.Empty(await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == Guid.Parse(otherName)).ToListAsync());
    }

    private static async Task<string> SubscribeAsync(HttpClient client, string path, JsonObject filter)
    {
        var response = await client.PostAsJsonAsync(path, new JsonObject { ["callbackUri"] = "http://127.0.0.1:9/lcm", ["filter"] = filter });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<Uri> StartAsync(HttpClient client, string path, object body, string version)
    {
        var location = await LcmOperations.StartAsync(client, path, body);
        Assert.Contains(version + "vnf_lcm_op_occs/", location.ToString(), StringComparison.Ordinal);
        return location;
    }

    // Deliveries are checked in the database: the callback listens nowhere.
    private static async Task<List<JsonObject>> DeliveredAsync(NfvManoDbContext db, string subscriptionId, int expected)
    {
        var id = Guid.Parse(subscriptionId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> payloads;
        do
        {
            await Task.Delay(200);
            payloads = await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).Select(d => d.PayloadJson).ToListAsync();
        }
        while (payloads.Count < expected && DateTime.UtcNow < deadline);
        // A moment more so that a delivery too many would show.
        await Task.Delay(500);
        payloads = await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).Select(d => d.PayloadJson).ToListAsync();
        return [.. payloads.Select(p => JsonNode.Parse(p)!.AsObject())];
    }
}
