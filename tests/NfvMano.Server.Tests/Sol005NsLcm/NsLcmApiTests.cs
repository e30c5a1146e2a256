using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Server.Tests.Sol003;
using NfvMano.Testing;
using static NfvMano.Testing.LcmOperations;

namespace NfvMano.Server.Tests.Sol005NsLcm;

/// <summary>
/// SOL005 nslcm through the real server: the sample service chain NSD (vRouter, vFirewall after vStorage) onboarded
/// over SOL005, NS operations planned as durable workflows whose steps drive the VNFs through the VNF LCM (grants by
/// the placement engine, libvirt's test driver as the VIM).
/// </summary>
public sealed class NsLcmApiTests
{
    private const string NsdId = "9a4e1b2c-7d3f-4a8e-b6c5-1d2e3f4a5b10";

    internal static async Task<string> OnboardNsdAsync(HttpClient client)
    {
        foreach (var sample in new[] { "vrouter", "firewall", "storage" })
        {
            await VnfLcmApiTests.OnboardAsync(client, sample);
        }
        using var create = new HttpRequestMessage(HttpMethod.Post, "/nsd/v1/ns_descriptors") { Content = JsonContent.Create(new JsonObject()) };
        create.Headers.Add("Version", "2.8.0");
        var created = await client.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/nsd/v1/ns_descriptors/{id}/nsd_content") { Content = new ByteArrayContent(Samples.Zip("nsd-service-chain")) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        upload.Headers.Add("Version", "2.8.0");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(upload)).StatusCode);
        for (var i = 0; i < 600; i++)
        {
            var nsd = await NsdAsync(client, id);
            if ((string)nsd["nsdOnboardingState"]! == "ONBOARDED")
            {
                return id;
            }
            Assert.NotEqual("ERROR", (string)nsd["nsdOnboardingState"]!);
            await Task.Delay(100);
        }
        throw new TimeoutException("the NSD was not onboarded");
    }

    /// <summary>The VIM of the VNF LCM tests with as many hosts of the same kind as asked, and a shared CPU pool the storage VNF fits in.</summary>
    internal static Dictionary<string, string?> Hosts(int count)
    {
        var settings = VnfLcmApiTests.TwoHosts();
        // The storage VNF floats on 4 shared vCPUs: a shared pool of 4 cores (8 CPUs) per cell holds it beside the vRouter's control VDU.
        settings["NfvMano:VnfLcm:SharedCoresPerCell"] = "4";
        for (var i = 2; i < count; i++)
        {
            foreach (var (key, value) in settings.Where(s => s.Key.StartsWith("NfvMano:Vim:Libvirt:Hosts:0:", StringComparison.Ordinal)).ToList())
            {
                settings[key.Replace("Hosts:0:", $"Hosts:{i}:", StringComparison.Ordinal)] = key.EndsWith(":Id", StringComparison.Ordinal) ? $"compute-{i + 1}" : value;
            }
        }
        return settings;
    }

    private static async Task<JsonObject> NsdAsync(HttpClient client, string nsdInfoId)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/nsd/v1/ns_descriptors/{nsdInfoId}");
        get.Headers.Add("Version", "2.8.0");
        var response = await client.SendAsync(get);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<string> CreateNsAsync(HttpClient client, string name)
    {
        var created = await client.PostAsJsonAsync("/nslcm/v1/ns_instances", new { nsdId = NsdId, nsName = name, nsDescription = "chain under test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ns = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(created.Headers.Location!.ToString(), (string)ns["_links"]!["self"]!["href"]!);
        return (string)ns["id"]!;
    }

    [Fact]
    public async Task NsInstances_CreateListGetDelete_KeepNsdUsageAndRefuseBadInputLeavingNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(2));
        using var client = server.CreateClient();
        var nsdInfoId = await OnboardNsdAsync(client);
        Assert.Equal("NOT_IN_USE", (string)(await NsdAsync(client, nsdInfoId))["nsdUsageState"]!);

        // Bad input: a clear problem, and nothing behind.
        var unknown = await ProblemAsync(await client.PostAsJsonAsync("/nslcm/v1/ns_instances", new { nsdId = "no-such-nsd", nsName = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no-such-nsd", (string)unknown["detail"]!, StringComparison.Ordinal);
        var missing = await ProblemAsync(await client.PostAsJsonAsync("/nslcm/v1/ns_instances", new { nsDescription = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("nsdId is required", (string)missing["detail"]!, StringComparison.Ordinal);
        Assert.Contains("nsName is required", (string)missing["detail"]!, StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_instances"))!);
        Assert.Equal("NOT_IN_USE", (string)(await NsdAsync(client, nsdInfoId))["nsdUsageState"]!);

        var first = await CreateNsAsync(client, "chain-a");
        var second = await CreateNsAsync(client, "chain-b");
        Assert.Equal("IN_USE", (string)(await NsdAsync(client, nsdInfoId))["nsdUsageState"]!);

        var response = await client.GetAsync($"/nslcm/v1/ns_instances/{first}");
        Assert.Equal("1.3.0", response.Headers.GetValues("Version").Single());
        var ns = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("NOT_INSTANTIATED", (string)ns["nsState"]!);
        Assert.Equal(NsdId, (string)ns["nsdId"]!);
        Assert.Equal(nsdInfoId, (string)ns["nsdInfoId"]!);
        Assert.NotNull(ns["_links"]!["instantiate"]);
        Assert.Null(ns["_links"]!["terminate"]);

        using (var wrongMajor = new HttpRequestMessage(HttpMethod.Get, $"/nslcm/v1/ns_instances/{first}"))
        {
            wrongMajor.Headers.Add("Version", "2.0.0");
            await ProblemAsync(await client.SendAsync(wrongMajor), HttpStatusCode.NotAcceptable);
        }
        var filtered = (await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_instances?filter=(eq,nsInstanceName,chain-b)"))!;
        Assert.Equal(second, (string)Assert.Single(filtered)!["id"]!);
        var paged = await client.GetAsync("/nslcm/v1/ns_instances?nextpage_opaque_marker=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, paged.StatusCode);
        await ProblemAsync(await client.GetAsync($"/nslcm/v1/ns_instances/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync("/nslcm/v1/ns_instances/not-a-guid"), HttpStatusCode.NotFound);

        // Instantiation requests that cannot be done are refused before anything starts.
        var badFlavour = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{first}/instantiate", new { nsFlavourId = "gold" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("standard", (string)badFlavour["detail"]!, StringComparison.Ordinal);
        var badParams = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{first}/instantiate", new
        {
            nsFlavourId = "standard",
            additionalParamsForVnf = new object[] { new { vnfProfileId = "vNope" } },
            sapData = new object[] { new { sapdId = "sap_nowhere", sapName = "x" } },
        }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("$.additionalParamsForVnf[0].vnfProfileId", (string)badParams["detail"]!, StringComparison.Ordinal);
        Assert.Contains("$.sapData[0].sapdId", (string)badParams["detail"]!, StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{first}/instantiate", new { }), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{first}/terminate", new { }), HttpStatusCode.Conflict);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{first}/scale", new { scaleType = "SCALE_NS" }), HttpStatusCode.Conflict);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_lcm_op_occs"))!);
        await ProblemAsync(await client.GetAsync($"/nslcm/v1/ns_lcm_op_occs/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.PostAsync($"/nslcm/v1/ns_lcm_op_occs/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/nslcm/v1/ns_instances/{first}")).StatusCode);
        Assert.Equal("IN_USE", (string)(await NsdAsync(client, nsdInfoId))["nsdUsageState"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/nslcm/v1/ns_instances/{second}")).StatusCode);
        Assert.Equal("NOT_IN_USE", (string)(await NsdAsync(client, nsdInfoId))["nsdUsageState"]!);
        await ProblemAsync(await client.DeleteAsync($"/nslcm/v1/ns_instances/{second}"), HttpStatusCode.NotFound);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var types = await db.OutboxMessages.Where(m => m.Type.StartsWith("NsIdentifier")).Select(m => m.Type).ToListAsync();
        Assert.Equal(2, types.Count(t => t == "NsIdentifierCreationNotification"));
        Assert.Equal(2, types.Count(t => t == "NsIdentifierDeletionNotification"));
        Assert.Empty(await db.VnfInstances.ToListAsync());
    }

    [Fact]
    public async Task Instantiate_ThenTerminate_CreatesEachVnfThroughTheVnfLcmInDependencyOrderAndRemovesThemAll()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(3));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var subscribed = await client.PostAsJsonAsync("/nslcm/v1/subscriptions", new
        {
            callbackUri = "http://127.0.0.1:9/ns",
            filter = new { notificationTypes = new[] { "NsLcmOperationOccurrenceNotification" }, operationStates = new[] { "COMPLETED" } },
        });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionId = Guid.Parse((string)(await subscribed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        var changes = await client.PostAsJsonAsync("/nslcm/v1/subscriptions", new
        {
            callbackUri = "http://127.0.0.1:9/ns-changes",
            filter = new { notificationTypes = new[] { "NsChangeNotification" }, nsComponentTypes = new[] { "VNF" } },
        });
        Assert.Equal(HttpStatusCode.Created, changes.StatusCode);
        var changesId = Guid.Parse((string)(await changes.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/subscriptions"))!.Count);
        var badFilter = await client.PostAsJsonAsync("/nslcm/v1/subscriptions", new { callbackUri = "http://127.0.0.1:9/ns", filter = new { vnfPkgIds = new[] { "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);

        var id = await CreateNsAsync(client, "chain");
        var op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new
        {
            nsFlavourId = "standard",
            sapData = new object[] { new { sapdId = "sap_access", sapName = "subscribers" } },
            additionalParamsForVnf = new object[] { new { vnfProfileId = "vRouter", vnfInstanceName = "edge-router" } },
        });
        Assert.StartsWith("/nslcm/v1/ns_lcm_op_occs/", op.AbsolutePath, StringComparison.Ordinal);
        var busy = await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/terminate", new { });
        await ProblemAsync(busy, HttpStatusCode.Conflict);
        await CompletedAsync(client, op);

        var ns = (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{id}"))!;
        Assert.Equal("INSTANTIATED", (string)ns["nsState"]!);
        Assert.Equal("standard", (string)ns["flavourId"]!);
        var vnfs = ns["vnfInstance"]!.AsArray();
        Assert.Equal(["vFirewall", "vRouter", "vStorage"], vnfs.Select(v => (string)v!["metadata"]!["vnfProfileId"]!).Order());
        Assert.All(vnfs, v => Assert.Equal("INSTANTIATED", (string)v!["instantiationState"]!));
        Assert.All(vnfs, v => Assert.NotEmpty(v!["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray()));
        var router = vnfs.Single(v => (string)v!["metadata"]!["vnfProfileId"]! == "vRouter")!;
        Assert.Equal("edge-router", (string)router["vnfInstanceName"]!);
        Assert.Equal(5, ns["virtualLinkInfo"]!.AsArray().Count);
        var inside = ns["virtualLinkInfo"]!.AsArray().Single(l => (string)l!["id"]! == "vl_inside")!;
        Assert.Equal(2, inside["linkPort"]!.AsArray().Count);
        // Every NS virtual link is a VIM network, one of the same name on each of the three hosts.
        Assert.All(ns["virtualLinkInfo"]!.AsArray(), l =>
        {
            Assert.True((bool)l!["metadata"]!["realisedOnVim"]!);
            Assert.Equal(3, l["resourceHandle"]!.AsArray().Select(h => (string)h!["vimLevelAdditionalResourceInfo"]!["hostName"]!).Distinct().Count());
        });
        var insideNetwork = (string)inside["resourceHandle"]![0]!["vimLevelAdditionalResourceInfo"]!["name"]!;
        await using (var vimScope = server.Services.CreateAsyncScope())
        {
            var networks = (await vimScope.ServiceProvider.GetRequiredService<NfvMano.Vim.IVimDriver>().ListOwnedAsync(CancellationToken.None)).Networks;
            Assert.Equal(3, networks.Count(n => n.Ref.Name == insideNetwork));
        }
        // Each VNF's external virtual links are the NS links its requirements are bound to, on their networks, with
        // the CP its VNFD exposes for the requirement (vRouter: virtual_link_data2 → dp_data2; vFirewall: virtual_link_in → fw_in).
        JsonObject ExtCp(string profile, string link) => vnfs.Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!["instantiatedVnfInfo"]!["extCpInfo"]!
            .AsArray().Single(c => (string)c!["metadata"]!["extVirtualLinkId"]! == link)!.AsObject();
        Assert.Equal("dp_data2", (string)ExtCp("vRouter", "vl_inside")["cpdId"]!);
        Assert.Equal("fw_in", (string)ExtCp("vFirewall", "vl_inside")["cpdId"]!);
        Assert.Equal(insideNetwork, (string)ExtCp("vRouter", "vl_inside")["metadata"]!["resourceId"]!);
        Assert.Equal(insideNetwork, (string)ExtCp("vFirewall", "vl_inside")["metadata"]!["resourceId"]!);
        Assert.NotNull(ExtCp("vStorage", "vl_storage")["cpdId"]);
        var saps = ns["sapInfo"]!.AsArray();
        Assert.Equal("subscribers", (string)saps.Single(s => (string)s!["sapdId"]! == "sap_access")!["sapName"]!);
        var vnffg = Assert.Single(ns["vnffgInfo"]!.AsArray())!;
        Assert.Equal(2, vnffg["vnfInstanceId"]!.AsArray().Count);
        Assert.Equal("level_0", (string)Assert.Single(ns["nsScaleStatus"]!.AsArray())!["nsScaleLevelId"]!);

        // The VNF LCM ran one INSTANTIATE per VNF, the firewall's only after the storage's had completed.
        var vnfOccs = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs?all_fields"))!;
        Assert.Equal(3, vnfOccs.Count);
        Assert.All(vnfOccs, o => Assert.Equal("COMPLETED", (string)o!["operationState"]!));
        string IdOf(string profile) => (string)vnfs.Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!["id"]!;
        var storageDone = vnfOccs.Single(o => (string)o!["vnfInstanceId"]! == IdOf("vStorage"))!;
        var firewallStart = vnfOccs.Single(o => (string)o!["vnfInstanceId"]! == IdOf("vFirewall"))!;
        Assert.True(DateTimeOffset.Parse((string)firewallStart["startTime"]!, System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse((string)storageDone["stateEnteredTime"]!, System.Globalization.CultureInfo.InvariantCulture));

        var occ = (await client.GetFromJsonAsync<JsonObject>(op))!;
        Assert.Equal("INSTANTIATE", (string)occ["lcmOperationType"]!);
        Assert.Equal(3, occ["resourceChanges"]!["affectedVnfs"]!.AsArray().Count);

        op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { });
        await CompletedAsync(client, op);
        ns = (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{id}"))!;
        Assert.Equal("NOT_INSTANTIATED", (string)ns["nsState"]!);
        Assert.Null(ns["vnfInstance"]);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/nslcm/v1/ns_instances/{id}")).StatusCode);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        Assert.Empty(await db.PlacementClaims.ToListAsync());
        Assert.Empty(await db.NsVnfs.ToListAsync());
        var vim = scope.ServiceProvider.GetRequiredService<NfvMano.Vim.IVimDriver>();
        var owned = await vim.ListOwnedAsync(CancellationToken.None);
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Networks);
        // The subscription gets exactly the two COMPLETED results.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> delivered;
        do
        {
            await Task.Delay(200);
            delivered = await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId).Select(d => d.PayloadJson).ToListAsync();
        }
        while (delivered.Count < 2 && DateTime.UtcNow < deadline);
        Assert.Equal(["INSTANTIATE", "TERMINATE"], delivered.Select(p => (string)JsonNode.Parse(p)!["operation"]!).Order());
        Assert.All(delivered, p => Assert.Equal("RESULT", (string)JsonNode.Parse(p)!["notificationStatus"]!));
        // NsChangeNotification: each VNF instantiated, then terminated, by the NS operations.
        var vnfIds = vnfs.Select(v => (string)v!["id"]!).Order().ToList();
        List<string> componentChanges;
        do
        {
            componentChanges = await db.NotificationDeliveries.AsNoTracking().Where(d => d.SubscriptionId == changesId).Select(d => d.PayloadJson).ToListAsync();
            await Task.Delay(200);
        }
        while (componentChanges.Count < 6 && DateTime.UtcNow < deadline);
        var parsed = componentChanges.Select(p => JsonNode.Parse(p)!).ToList();
        Assert.All(parsed, p => Assert.Equal("NsChangeNotification", (string)p["notificationType"]!));
        Assert.Equal(vnfIds, parsed.Where(p => (string)p["lcmOpNameImpactingNsComponent"]! == "VNF_INSTANTIATE").Select(p => (string)p["nsComponentId"]!).Order());
        Assert.Equal(vnfIds, parsed.Where(p => (string)p["lcmOpNameImpactingNsComponent"]! == "VNF_TERMINATE").Select(p => (string)p["nsComponentId"]!).Order());
        Assert.All(parsed, p => Assert.Equal("COMPLETED", (string)p["lcmOpOccStatusImpactingNsComponent"]!));
    }

    [Fact]
    public async Task Instantiate_WhenTheThirdVnfCannotBePlaced_RollbackRemovesWhatTheOperationCreatedAndNothingElse()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(2));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        // A VNF outside the NS: the rollback must leave it alone.
        var outside = await client.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId = "3c9d5e71-6a2b-4c8d-b0f3-7e1a2d4c6b03", vnfInstanceName = "not-in-the-ns" });
        Assert.Equal(HttpStatusCode.Created, outside.StatusCode);
        var outsideId = (string)(await outside.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var id = await CreateNsAsync(client, "chain");
        // The firewall (third: it waits for the storage) asks for three engines; its anti-affinity lets the two hosts take two.
        var op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new
        {
            nsFlavourId = "standard",
            additionalParamsForVnf = new object[] { new { vnfProfileId = "vFirewall", additionalParams = new { instantiationLevelId = "large" } } },
        });
        var failed = await WaitAsync(client, op, "FAILED_TEMP", "COMPLETED");
        Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
        var detail = (string)failed["error"]!["detail"]!;
        Assert.Contains("vFirewall", detail, StringComparison.Ordinal);
        Assert.Contains("grant rejected by placement", detail, StringComparison.Ordinal);
        Assert.NotNull(failed["_links"]!["rollback"]);
        Assert.Null(failed["_links"]!["cancel"]);
        var ns = (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{id}"))!;
        Assert.Equal("NOT_INSTANTIATED", (string)ns["nsState"]!);
        Assert.Equal(3, ns["vnfInstance"]!.AsArray().Count);

        // 409 for what the SOL005 state model does not allow now.
        await ProblemAsync(await client.PostAsync($"{op}/cancel", null), HttpStatusCode.Conflict);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/instantiate", new { nsFlavourId = "standard" }), HttpStatusCode.Conflict);
        await ProblemAsync(await client.DeleteAsync($"/nslcm/v1/ns_instances/{id}"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/rollback", null)).StatusCode);
        var rolledBack = await WaitAsync(client, op, "ROLLED_BACK", "FAILED_TEMP");
        Assert.True((string)rolledBack["operationState"]! == "ROLLED_BACK", rolledBack.ToJsonString());
        foreach (var task in new[] { "retry", "rollback", "continue", "fail", "cancel" })
        {
            var refused = await ProblemAsync(await client.PostAsync($"{op}/{task}", null), HttpStatusCode.Conflict);
            Assert.Contains("ROLLED_BACK", (string)refused["detail"]!, StringComparison.Ordinal);
        }

        ns = (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{id}"))!;
        Assert.Equal("NOT_INSTANTIATED", (string)ns["nsState"]!);
        Assert.Null(ns["vnfInstance"]);
        var left = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!;
        Assert.Equal(outsideId, (string)Assert.Single(left)!["id"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/nslcm/v1/ns_instances/{id}")).StatusCode);

        // Cancel while PROCESSING: the operation stops after the VNF steps under way (FAILED_TEMP), or before it started
        // (ROLLED_BACK); a rollback then removes whatever it had made.
        var again = await CreateNsAsync(client, "chain-again");
        op = await StartAsync(client, $"/nslcm/v1/ns_instances/{again}/instantiate", new { nsFlavourId = "standard" });
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/cancel", null)).StatusCode);
        var stopped = await WaitAsync(client, op, "FAILED_TEMP", "ROLLED_BACK", "COMPLETED");
        Assert.NotEqual("COMPLETED", (string)stopped["operationState"]!);
        if ((string)stopped["operationState"]! == "FAILED_TEMP")
        {
            Assert.Contains("cancelled", (string)stopped["error"]!["detail"]!, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/rollback", null)).StatusCode);
            Assert.Equal("ROLLED_BACK", (string)(await WaitAsync(client, op, "ROLLED_BACK", "FAILED_TEMP"))["operationState"]!);
        }
        Assert.Equal(outsideId, (string)Assert.Single((await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!)!["id"]!);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        Assert.Empty(await db.PlacementClaims.ToListAsync());
        Assert.Empty(await db.NsVnfs.ToListAsync());
        var vim = scope.ServiceProvider.GetRequiredService<NfvMano.Vim.IVimDriver>();
        var owned = await vim.ListOwnedAsync(CancellationToken.None);
        Assert.Empty(owned.Servers);
        Assert.Empty(owned.Networks);
        Assert.Empty(owned.Volumes);
    }

    [Fact]
    public async Task Instantiate_WithAnAntiAffinityRuleBetweenVnfs_PutsTheirVnfcsOnDifferentHosts_AndABadRuleLeavesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(3));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var id = await CreateNsAsync(client, "apart");

        var bad = await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/instantiate", new
        {
            nsFlavourId = "standard",
            additionalAffinityOrAntiAffinityRule = new object[] { new { vnfProfileId = new[] { "vRouter", "vNope" }, affinityOrAntiAffiinty = "APART", scope = "NFVI_NODE" } },
        });
        var problem = (string)(await ProblemAsync(bad, HttpStatusCode.UnprocessableEntity))["detail"]!;
        Assert.Contains("$.additionalAffinityOrAntiAffinityRule[0].vnfProfileId: 'vNope'", problem, StringComparison.Ordinal);
        Assert.Contains("$.additionalAffinityOrAntiAffinityRule[0].affinityOrAntiAffiinty: 'APART'", problem, StringComparison.Ordinal);
        Assert.Equal("NOT_INSTANTIATED", (string)(await NsAsync(client, id))["nsState"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_lcm_op_occs"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!);

        var op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new
        {
            nsFlavourId = "standard",
            additionalAffinityOrAntiAffinityRule = new object[] { new { vnfProfileId = new[] { "vRouter", "vStorage" }, affinityOrAntiAffiinty = "ANTI_AFFINITY", scope = "NFVI_NODE" } },
        });
        await CompletedAsync(client, op);

        var vnfs = (await NsAsync(client, id))["vnfInstance"]!.AsArray();
        string[] GroupsOf(string profile) => [.. vnfs.Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!["metadata"]![SharedPlacementGroups.MetadataKey]!
            .AsArray().Select(g => ((string)g!["name"]!)[((string)g["name"]!).IndexOf('/', StringComparison.Ordinal)..])];
        // The NSD's own rule (router apart from firewall) and the request's (router apart from storage).
        Assert.Equal(["/spread_router_firewall", "/additional-0"], GroupsOf("vRouter"));
        Assert.Equal(["/spread_router_firewall"], GroupsOf("vFirewall"));
        Assert.Equal(["/additional-0"], GroupsOf("vStorage"));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            async Task<HashSet<string>> HostsOf(string profile)
            {
                var vnf = Guid.Parse((string)vnfs.Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!["id"]!);
                return [.. await db.PlacementClaims.Where(c => c.VnfInstanceId == vnf).Select(c => c.Host).ToListAsync()];
            }
            var router = await HostsOf("vRouter");
            Assert.NotEmpty(router);
            Assert.Empty(router.Intersect(await HostsOf("vStorage")));
            Assert.Empty(router.Intersect(await HostsOf("vFirewall")));
        }

        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { }));
    }

    [Fact]
    public async Task Terminate_AtATimeAhead_WaitsWithoutAWorker_CanBeCalledOff_AndTerminatesWhenDue()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(3));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var id = await CreateNsAsync(client, "scheduled");
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new { nsFlavourId = "standard" }));
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/terminate", new { terminationTime = "tomorrow" }), HttpStatusCode.BadRequest);

        // Tomorrow: the operation is PROCESSING, its first step says what it waits for, the NS is busy; a cancel ends
        // the wait at once and a rollback leaves the NS as it was.
        var later = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { terminationTime = DateTimeOffset.UtcNow.AddDays(1) });
        await Task.Delay(500);
        Assert.Equal("PROCESSING", (string)(await client.GetFromJsonAsync<JsonObject>(later))!["operationState"]!);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            var opId = Guid.Parse(later.Segments[^1]);
            var step = await db.WorkflowSteps.SingleAsync(s => s.RunId == opId && s.Name == "termination-time");
            Assert.Contains("for the termination time", step.Error, StringComparison.Ordinal);
            Assert.Null((await db.WorkflowRuns.SingleAsync(r => r.Id == opId)).Owner);
        }
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/heal", new { healNsData = new { } }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{later}/cancel", null)).StatusCode);
        Assert.Equal("FAILED_TEMP", (string)(await WaitAsync(client, later, "FAILED_TEMP", "COMPLETED"))["operationState"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{later}/rollback", null)).StatusCode);
        Assert.Equal("ROLLED_BACK", (string)(await WaitAsync(client, later, "ROLLED_BACK", "FAILED_TEMP"))["operationState"]!);
        var ns = await NsAsync(client, id);
        Assert.Equal("INSTANTIATED", (string)ns["nsState"]!);
        Assert.Equal(3, ns["vnfInstance"]!.AsArray().Count);

        // In three seconds: the operation waits, then terminates the NS.
        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        var soon = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { terminationTime = due });
        await CompletedAsync(client, soon);
        Assert.True(DateTimeOffset.UtcNow >= due, "not terminated before its time");
        Assert.Equal("NOT_INSTANTIATED", (string)(await NsAsync(client, id))["nsState"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!);
    }

    [Fact]
    public async Task Instantiate_MoreNsAtOnceThanTheSchedulerHasSlots_AllComplete()
    {
        // Four slots (the least allowed), five NS operations with two or three NS steps each waiting at once for VNF
        // operations that need slots too: NS steps must give theirs back while they wait, or nothing moves.
        await using var database = await TestDatabase.CreateAsync();
        var settings = Hosts(10);
        settings["Workflows:MaxConcurrency"] = "4";
        await using var server = new NfvManoServerFactory(database, settings);
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateNsAsync(client, $"crowd-{i}"));
        }

        var ops = await Task.WhenAll(ids.Select(id => StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new { nsFlavourId = "standard" })));
        await Task.WhenAll(ops.Select(op => CompletedAsync(client, op)));

        foreach (var id in ids)
        {
            Assert.Equal("INSTANTIATED", (string)(await NsAsync(client, id))["nsState"]!);
        }
    }

    [Fact]
    public async Task Instantiate_WithVnfInstanceData_ReusesTheExistingVnfAndTerminateLetsItGoUntouched()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = new NfvManoServerFactory(database, Hosts(3));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var storage = await client.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId = "3c9d5e71-6a2b-4c8d-b0f3-7e1a2d4c6b03", vnfInstanceName = "shared-store" });
        var storageId = (string)(await storage.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var notYet = await CreateNsAsync(client, "chain-refused");
        var refused = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{notYet}/instantiate", new
        {
            nsFlavourId = "standard",
            vnfInstanceData = new object[] { new { vnfInstanceId = storageId, vnfProfileId = "vStorage" }, new { vnfInstanceId = storageId, vnfProfileId = "vNothing" } },
        }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("NOT_INSTANTIATED", (string)refused["detail"]!, StringComparison.Ordinal);
        Assert.Contains("vNothing", (string)refused["detail"]!, StringComparison.Ordinal);
        await CompletedAsync(client, await StartAsync(client, $"/vnflcm/v1/vnf_instances/{storageId}/instantiate", new { flavourId = "default" }));

        var id = await CreateNsAsync(client, "chain");
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new
        {
            nsFlavourId = "standard",
            vnfInstanceData = new object[] { new { vnfInstanceId = storageId, vnfProfileId = "vStorage" } },
        }));
        var ns = await NsAsync(client, id);
        Assert.Equal(3, ns["vnfInstance"]!.AsArray().Count);
        Assert.Equal(storageId, (string)VnfOf(ns, "vStorage")["id"]!);
        // The VNF LCM instantiated the router and firewall only; the storage kept its one instantiation.
        var vnfOccs = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!;
        Assert.Equal(1, vnfOccs.Count(o => (string)o!["vnfInstanceId"]! == storageId));
        Assert.Equal(3, vnfOccs.Count);

        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { }));
        var left = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!;
        Assert.Equal(storageId, (string)Assert.Single(left)!["id"]!);
        Assert.Equal("INSTANTIATED", (string)left[0]!["instantiationState"]!);
    }

    private static async Task<JsonObject> NsAsync(HttpClient client, string id) => (await client.GetFromJsonAsync<JsonObject>($"/nslcm/v1/ns_instances/{id}"))!;

    private static JsonObject VnfOf(JsonObject ns, string profile) =>
        ns["vnfInstance"]!.AsArray().Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!.AsObject();

    [Fact]
    public async Task InstantiatedNs_ScaleHealUpdateAndOpOccTasks_GoThroughTheVnfLcmWithTheSol005StateModel()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Four hosts: the NSD keeps the router (on up to two) apart from the firewall, so the firewall's engines have two.
        await using var server = new NfvManoServerFactory(database, Hosts(4));
        using var client = server.CreateClient();
        await OnboardNsdAsync(client);
        var id = await CreateNsAsync(client, "chain");
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new { nsFlavourId = "standard" }));
        var ns = await NsAsync(client, id);
        var firewall = (string)VnfOf(ns, "vFirewall")["id"]!;
        var router = VnfOf(ns, "vRouter");
        var storage = (string)VnfOf(ns, "vStorage")["id"]!;

        // SCALE_VNF through the VNF LCM: a second engine fits (one per host under the firewall's anti-affinity, none beside the router).
        object ScaleFirewall(string type) => new
        {
            scaleType = "SCALE_VNF",
            scaleVnfData = new object[] { new { vnfInstanceId = firewall, scaleVnfType = type, scaleByStepData = new { aspectId = "fw_capacity", numberOfSteps = 1 } } },
        };
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleFirewall("SCALE_OUT")));
        Assert.Equal(2, VnfOf(await NsAsync(client, id), "vFirewall")["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray().Count);

        // A third does not: FAILED_TEMP; retry retries the VNF's operation (and fails again); rollback rolls it back.
        var op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleFirewall("SCALE_OUT"));
        var failed = await WaitAsync(client, op, "FAILED_TEMP", "COMPLETED");
        Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
        Assert.Contains("grant rejected by placement", (string)failed["error"]!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/retry", null)).StatusCode);
        failed = await WaitAsync(client, op, "FAILED_TEMP", "COMPLETED");
        Assert.Equal("FAILED_TEMP", (string)failed["operationState"]!);
        var vnfOp = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!.Single(o => (string)o!["operationState"]! == "FAILED_TEMP")!;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/rollback", null)).StatusCode);
        Assert.Equal("ROLLED_BACK", (string)(await WaitAsync(client, op, "ROLLED_BACK", "FAILED_TEMP"))["operationState"]!);
        Assert.Equal("ROLLED_BACK", (string)(await client.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_lcm_op_occs/{vnfOp["id"]}"))!["operationState"]!);
        Assert.Equal(2, VnfOf(await NsAsync(client, id), "vFirewall")["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray().Count);

        // Once more, then continue: the NS operation completes past the failed step, whose VNF operation stays
        // FAILED_TEMP; an NS operation on that VNF is then refused (409) until the VNF operation is settled over vnflcm.
        op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleFirewall("SCALE_OUT"));
        Assert.Equal("FAILED_TEMP", (string)(await WaitAsync(client, op, "FAILED_TEMP", "COMPLETED"))["operationState"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{op}/continue", null)).StatusCode);
        await CompletedAsync(client, op);
        vnfOp = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!.Single(o => (string)o!["operationState"]! == "FAILED_TEMP")!;
        var blocked = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/heal", new { healVnfData = new object[] { new { vnfInstanceId = firewall } } }), HttpStatusCode.Conflict);
        Assert.Contains((string)vnfOp["id"]!, (string)blocked["detail"]!, StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/terminate", new { }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/vnflcm/v1/vnf_lcm_op_occs/{vnfOp["id"]}/rollback", null)).StatusCode);
        await WaitAsync(client, new Uri($"/vnflcm/v1/vnf_lcm_op_occs/{vnfOp["id"]}", UriKind.Relative), "ROLLED_BACK");

        // And fail: FAILED for good, no task allowed any more.
        op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleFirewall("SCALE_OUT"));
        Assert.Equal("FAILED_TEMP", (string)(await WaitAsync(client, op, "FAILED_TEMP", "COMPLETED"))["operationState"]!);
        var failResponse = await client.PostAsync($"{op}/fail", null);
        Assert.Equal(HttpStatusCode.OK, failResponse.StatusCode);
        var failedForGood = (await failResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("FAILED", (string)failedForGood["operationState"]!);
        Assert.Null(failedForGood["_links"]!["retry"]);
        await ProblemAsync(await client.PostAsync($"{op}/retry", null), HttpStatusCode.Conflict);
        vnfOp = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!.Single(o => (string)o!["operationState"]! == "FAILED_TEMP")!;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/vnflcm/v1/vnf_lcm_op_occs/{vnfOp["id"]}/rollback", null)).StatusCode);
        await WaitAsync(client, new Uri($"/vnflcm/v1/vnf_lcm_op_occs/{vnfOp["id"]}", UriKind.Relative), "ROLLED_BACK");

        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleFirewall("SCALE_IN")));
        Assert.Single(VnfOf(await NsAsync(client, id), "vFirewall")["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray());

        // Heal per VNF: the router's VNFC is made again.
        var routerVnfc = (string)router["instantiatedVnfInfo"]!["vnfcResourceInfo"]![0]!["id"]!;
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/heal", new
        {
            healVnfData = new object[] { new { vnfInstanceId = (string)router["id"]!, additionalParams = new { vnfcInstanceId = new[] { routerVnfc } } } },
        }));
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/heal", new { healVnfData = new object[] { new { vnfInstanceId = Guid.NewGuid() } } }), HttpStatusCode.BadRequest);

        // Update: OPERATE_VNF and MODIFY_VNF_INFORMATION.
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "OPERATE_VNF",
            operateVnfData = new object[] { new { vnfInstanceId = storage, changeStateTo = "STOPPED", stopType = "FORCEFUL" } },
        }));
        Assert.Equal("STOPPED", (string)VnfOf(await NsAsync(client, id), "vStorage")["instantiatedVnfInfo"]!["vnfState"]!);
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "MODIFY_VNF_INFORMATION",
            modifyVnfInfoData = new object[] { new { vnfInstanceId = storage, vnfInstanceName = "log-store" } },
        }));
        Assert.Equal("log-store", (string)VnfOf(await NsAsync(client, id), "vStorage")["vnfInstanceName"]!);
        var unsupported = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/update", new { updateType = "ASSOC_NEW_NSD_VERSION" }), HttpStatusCode.BadRequest);
        Assert.Contains("UPDATE_VNFFG", (string)unsupported["detail"]!, StringComparison.Ordinal);

        // CHANGE_VNF_DF through the VNF LCM: the firewall's lab flavour, its VNFC on the NS links by the CPs lab exposes; and back.
        async Task ChangeFirewallFlavourAsync(string flavourId, string level) => await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "CHANGE_VNF_DF",
            changeVnfFlavourData = new[] { new { vnfInstanceId = firewall, newFlavourId = flavourId, instantiationLevelId = level } },
        }));
        await ChangeFirewallFlavourAsync("lab", "single");
        var labFirewall = VnfOf(await NsAsync(client, id), "vFirewall")["instantiatedVnfInfo"]!;
        Assert.Equal("lab", (string)labFirewall["flavourId"]!);
        Assert.Equal(["lab_in", "lab_out"], labFirewall["extCpInfo"]!.AsArray().Select(c => (string)c!["cpdId"]!).Order());
        await ChangeFirewallFlavourAsync("standard", "small");
        Assert.Equal("standard", (string)VnfOf(await NsAsync(client, id), "vFirewall")["instantiatedVnfInfo"]!["flavourId"]!);

        // REMOVE_SAP and ADD_SAP: the SAP leaves sapInfo and comes back with its new data; unknown SAPs are refused.
        async Task UpdateAsync(object body) => await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", body));
        await UpdateAsync(new { updateType = "REMOVE_SAP", removeSapId = new[] { "sap_core" } });
        Assert.DoesNotContain((await NsAsync(client, id))["sapInfo"]!.AsArray(), sap => (string)sap!["sapdId"]! == "sap_core");
        var badSap = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/update", new { updateType = "ADD_SAP", addSap = new[] { new { sapdId = "sap_nowhere" } } }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("sap_nowhere", (string)badSap["detail"]!, StringComparison.Ordinal);
        await UpdateAsync(new { updateType = "ADD_SAP", addSap = new[] { new { sapdId = "sap_core", sapName = "core-uplink" } } });
        Assert.Equal("core-uplink", (string)(await NsAsync(client, id))["sapInfo"]!.AsArray().Single(sap => (string)sap!["sapdId"]! == "sap_core")!["sapName"]!);

        // UPDATE_VNFFG gives the NFP a new classifier; REMOVE_VNFFG takes the VNFFG away and ADD_VNFFG brings it back.
        var badRule = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "UPDATE_VNFFG",
            updateVnffg = new[] { new { vnffgInfoId = "vnffg_web", nfp = new[] { new { nfpInfoId = "nfp_web", nfpRule = new { protocol = "tcp", destinationPortRange = new { lowerPort = 9000, upperPort = 80 } } } } } },
        }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("destination_port_range", (string)badRule["detail"]!, StringComparison.Ordinal);
        await UpdateAsync(new
        {
            updateType = "UPDATE_VNFFG",
            updateVnffg = new[] { new { vnffgInfoId = "vnffg_web", nfp = new[] { new { nfpInfoId = "nfp_web", nfpRule = new { etherType = "ipv4", protocol = "tcp", destinationPortRange = new { lowerPort = 8080, upperPort = 8080 } } } } } },
        });
        var nfpRule = Assert.Single((await NsAsync(client, id))["vnffgInfo"]!.AsArray())!["nfpInfo"]![0]!["nfpRule"]!;
        Assert.Equal(8080, (int)nfpRule["destinationPortRange"]!["lowerPort"]!);
        await UpdateAsync(new { updateType = "REMOVE_VNFFG", removeVnffgId = new[] { "vnffg_web" } });
        Assert.Empty((await NsAsync(client, id))["vnffgInfo"]!.AsArray());
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/update", new { updateType = "REMOVE_VNFFG", removeVnffgId = new[] { "vnffg_web" } }),
            HttpStatusCode.UnprocessableEntity);
        await UpdateAsync(new { updateType = "ADD_VNFFG", addVnffg = new[] { new { vnffgdId = "vnffg_web" } } });
        Assert.Equal(8080, (int)Assert.Single((await NsAsync(client, id))["vnffgInfo"]!.AsArray())!["nfpInfo"]![0]!["nfpRule"]!["destinationPortRange"]!["lowerPort"]!);

        // SCALE_NS by the NSD's aspect: a second firewall VNF instance, then back.
        object ScaleNs(string direction) => new { scaleType = "SCALE_NS", scaleNsData = new { scaleNsByStepsData = new { scalingDirection = direction, aspectId = "inspection", numberOfSteps = 1 } } };
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleNs("SCALE_OUT")));
        ns = await NsAsync(client, id);
        Assert.Equal(2, ns["vnfInstance"]!.AsArray().Count(v => (string)v!["metadata"]!["vnfProfileId"]! == "vFirewall"));
        Assert.Equal("level_1", (string)ns["nsScaleStatus"]![0]!["nsScaleLevelId"]!);
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", ScaleNs("SCALE_IN")));
        ns = await NsAsync(client, id);
        Assert.Equal(firewall, (string)VnfOf(ns, "vFirewall")["id"]!);
        Assert.Equal("level_0", (string)ns["nsScaleStatus"]![0]!["nsScaleLevelId"]!);
        await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/scale", ScaleNs("SCALE_IN")), HttpStatusCode.UnprocessableEntity);

        // SCALE_NS to a level: by the aspect's level id, then back by the NS instantiation level that sets it to 0.
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", new
        {
            scaleType = "SCALE_NS",
            scaleNsData = new { scaleNsToLevelData = new { nsScaleInfo = new[] { new { nsScalingAspectId = "inspection", nsScaleLevelId = "level_1" } } } },
        }));
        ns = await NsAsync(client, id);
        Assert.Equal(2, ns["vnfInstance"]!.AsArray().Count(v => (string)v!["metadata"]!["vnfProfileId"]! == "vFirewall"));
        Assert.Equal("level_1", (string)ns["nsScaleStatus"]![0]!["nsScaleLevelId"]!);
        var badLevel = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/scale", new
        {
            scaleType = "SCALE_NS",
            scaleNsData = new { scaleNsToLevelData = new { nsScaleInfo = new[] { new { nsScalingAspectId = "inspection", nsScaleLevelId = "level_9" } } } },
        }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("level_9", (string)badLevel["detail"]!, StringComparison.Ordinal);
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/scale", new
        {
            scaleType = "SCALE_NS",
            scaleNsData = new { scaleNsToLevelData = new { nsInstantiationLevel = "ns_small" } },
        }));
        ns = await NsAsync(client, id);
        Assert.Equal(firewall, (string)VnfOf(ns, "vFirewall")["id"]!);
        Assert.Equal("level_0", (string)ns["nsScaleStatus"]![0]!["nsScaleLevelId"]!);

        // INSTANTIATE_VNF and REMOVE_VNF.
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "INSTANTIATE_VNF",
            instantiateVnfData = new object[] { new { vnfProfileId = "vFirewall", vnfInstanceName = "extra-fw" } },
        }));
        ns = await NsAsync(client, id);
        Assert.True(ns["vnfInstance"]!.AsArray().Any(v => (string?)v!["vnfInstanceName"] == "extra-fw"), ns["vnfInstance"]!.ToJsonString());
        var extra = (string)ns["vnfInstance"]!.AsArray().Single(v => (string?)v!["vnfInstanceName"] == "extra-fw")!["id"]!;
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new { updateType = "REMOVE_VNF", removeVnfInstanceId = new[] { extra } }));
        Assert.Equal(3, (await NsAsync(client, id))["vnfInstance"]!.AsArray().Count);
        await ProblemAsync(await client.GetAsync($"/vnflcm/v1/vnf_instances/{extra}"), HttpStatusCode.NotFound);

        // ADD_VNF adopts a VNF made over vnflcm; terminating the NS lets it go without terminating it.
        var adopted = await client.PostAsJsonAsync("/vnflcm/v1/vnf_instances", new { vnfdId = "0b7e2f44-9d3c-4e55-8a61-5f2c7d9e1a02", vnfInstanceName = "adopted-fw" });
        var adoptedId = (string)(await adopted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var notReady = await ProblemAsync(await client.PostAsJsonAsync($"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "ADD_VNF",
            addVnfInstance = new object[] { new { vnfInstanceId = adoptedId, vnfProfileId = "vFirewall" } },
        }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("NOT_INSTANTIATED", (string)notReady["detail"]!, StringComparison.Ordinal);
        var vnfLocation = await StartAsync(client, $"/vnflcm/v1/vnf_instances/{adoptedId}/instantiate", new { flavourId = "standard" });
        await CompletedAsync(client, vnfLocation);
        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/update", new
        {
            updateType = "ADD_VNF",
            addVnfInstance = new object[] { new { vnfInstanceId = adoptedId, vnfProfileId = "vFirewall" } },
        }));
        Assert.Equal(4, (await NsAsync(client, id))["vnfInstance"]!.AsArray().Count);

        await CompletedAsync(client, await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/terminate", new { }));
        var left = (await client.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!;
        Assert.Equal(adoptedId, (string)Assert.Single(left)!["id"]!);
        Assert.Equal("INSTANTIATED", (string)left[0]!["instantiationState"]!);

        var occs = (await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_lcm_op_occs"))!;
        var byType = occs.GroupBy(o => (string)o!["lcmOperationType"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, byType["INSTANTIATE"]);
        Assert.Equal(9, byType["SCALE"]);
        Assert.Equal(1, occs.Count(o => (string)o!["operationState"]! == "FAILED"));
        var scaleOccs = (await client.GetFromJsonAsync<JsonArray>("/nslcm/v1/ns_lcm_op_occs?filter=(eq,lcmOperationType,SCALE);(neq,operationState,COMPLETED)"))!;
        Assert.Equal(["FAILED", "ROLLED_BACK"], scaleOccs.Select(o => (string)o!["operationState"]!).Order());
        Assert.All(scaleOccs, o => Assert.Null(o!["operationParams"]));
        Assert.Equal(1, byType["HEAL"]);
        Assert.Equal(12, byType["UPDATE"]);
        Assert.Equal(1, byType["TERMINATE"]);
        Assert.Equal(1, occs.Count(o => (string)o!["operationState"]! == "ROLLED_BACK"));
    }

    [Fact]
    public async Task Instantiate_WhenTheServerStopsMidway_AnotherServerResumesTheSameVnfsWithoutDuplicates()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = Hosts(3);
        settings["Workflows:SweepInterval"] = "00:00:01";
        settings["Workflows:LeaseDuration"] = "00:00:03";
        settings["Workflows:HeartbeatInterval"] = "00:00:01";
        Uri op;
        await using (var first = new NfvManoServerFactory(database, settings))
        {
            using var client = first.CreateClient();
            await OnboardNsdAsync(client);
            var id = await CreateNsAsync(client, "chain");
            op = await StartAsync(client, $"/nslcm/v1/ns_instances/{id}/instantiate", new { nsFlavourId = "standard" });
            // Stop once the NS has recorded a VNF and started its VNF operation, before the operation is done.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var started = false;
            while (!started && DateTime.UtcNow < deadline)
            {
                await using var scope = first.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
                started = await db.VnfLcmOpOccs.AnyAsync();
                await Task.Delay(20);
            }
            Assert.True(started, "no VNF operation was started");
            Assert.Equal("PROCESSING", (string)(await client.GetFromJsonAsync<JsonObject>(op))!["operationState"]!);
        }

        await using var second = new NfvManoServerFactory(database, settings);
        using var again = second.CreateClient();
        await CompletedAsync(again, op);
        var vnfs = (await again.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_instances"))!;
        Assert.Equal(3, vnfs.Count);
        var occs = (await again.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!;
        Assert.Equal(3, occs.Count(o => (string)o!["operation"]! == "INSTANTIATE"));
        Assert.All(occs, o => Assert.Equal("COMPLETED", (string)o!["operationState"]!));
    }
}
