using System.Net.Http.Json;
using System.Text.Json.Nodes;
using NfvMano.Testing;

namespace NfvMano.Server.Tests.Sol003.OpenStackCli;

/// <summary>
/// The standard OpenStack client (<c>openstack vnflcm …</c> from python3-tackerclient) against the server run as a
/// process, on vnflcm v1 and v2: the whole lifecycle, the operation occurrence tasks and subscriptions, with the
/// client's exit codes and output as the contract. Two libvirt test-driver hosts hold two firewall engines under
/// the sample's anti-affinity, so a third is a placement rejection (FAILED_TEMP) to retry, roll back and fail.
/// </summary>
public sealed class VnfLcmTackerClientTests
{
    [OpenStackCliFact]
    public Task Lifecycle_WithTackerClientV1_CreatesInstantiatesScalesRecoversHealsChangesExtConnSubscribesTerminatesDeletes() => RunLifecycleAsync(1);

    [OpenStackCliFact]
    public Task Lifecycle_WithTackerClientV2_CreatesInstantiatesScalesRecoversHealsChangesExtConnSubscribesTerminatesDeletes() => RunLifecycleAsync(2);

    private static async Task RunLifecycleAsync(int apiVersion)
    {
        var environment = VnfLcmApiTests.TwoHosts().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using var server = new ServerProcess(environment);
        using var http = await server.StartServingAsync(TimeSpan.FromSeconds(60));
        var vnfdId = await VnfLcmApiTests.OnboardAsync(http, "firewall");
        var cli = new TackerCli(http.BaseAddress!, apiVersion, server.WorkingDirectory, http.DefaultRequestHeaders.Authorization!.Parameter!);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        var created = await cli.JsonAsync("create", vnfdId, "--name", $"fw-cli-v{apiVersion}", "--description", "from the tacker client");
        var id = (string)created["ID"]!;
        Assert.Equal("NOT_INSTANTIATED", (string)created["Instantiation State"]!);
        Assert.Equal($"fw-cli-v{apiVersion}", (string)created["VNF Instance Name"]!);
        Assert.Equal(vnfdId, (string)created["VNFD ID"]!);

        var instantiate = Path.Combine(server.WorkingDirectory, "instantiate.json");
        await File.WriteAllTextAsync(instantiate, """{"flavourId": "standard", "instantiationLevelId": "small"}""");
        Assert.Contains("has been accepted", await cli.OkAsync("instantiate", id, instantiate), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string)(await NextOpAsync(http, seen, "INSTANTIATE"))["operationState"]!);

        var listed = (await cli.JsonAsync("list")).AsArray();
        var row = Assert.Single(listed, r => (string)r!["ID"]! == id)!;
        Assert.Equal("INSTANTIATED", (string)row["Instantiation State"]!);
        var shown = await cli.JsonAsync("show", id);
        Assert.Equal("INSTANTIATED", (string)shown["Instantiation State"]!);
        Assert.Equal("standard", (string)shown["Instantiated Vnf Info"]!["flavourId"]!);
        Assert.Single(shown["Instantiated Vnf Info"]!["vnfcResourceInfo"]!.AsArray());

        Assert.Contains("has been accepted", await cli.OkAsync("scale", "--type", "SCALE_OUT", "--aspect-id", "fw_capacity", "--number-of-steps", "1", id), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string)(await NextOpAsync(http, seen, "SCALE"))["operationState"]!);
        shown = await cli.JsonAsync("show", id);
        Assert.Equal(2, shown["Instantiated Vnf Info"]!["vnfcResourceInfo"]!.AsArray().Count);

        // A third engine has no host left: FAILED_TEMP with the placement's reason, then retry (fails again) and rollback.
        await cli.OkAsync("scale", "--type", "SCALE_OUT", "--aspect-id", "fw_capacity", id);
        var failed = await NextOpAsync(http, seen, "SCALE");
        var opId = (string)failed["id"]!;
        var op = await cli.JsonAsync("op", "show", opId);
        Assert.Equal("FAILED_TEMP", (string)op["Operation State"]!);
        Assert.Equal("SCALE", (string)op["Operation"]!);
        Assert.Contains("grant rejected by placement", (string)op["Error"]!["detail"]!, StringComparison.Ordinal);
        Assert.Contains("has been accepted", await cli.OkAsync("op", "retry", opId), StringComparison.Ordinal);
        Assert.Equal("FAILED_TEMP", (string)(await WaitOpAsync(http, opId, after: (string)failed["stateEnteredTime"]!))["operationState"]!);
        Assert.Contains("has been accepted", await cli.OkAsync("op", "rollback", opId), StringComparison.Ordinal);
        Assert.Equal("ROLLED_BACK", (string)(await WaitOpAsync(http, opId))["operationState"]!);
        Assert.Contains("only a FAILED_TEMP", await cli.FailsAsync("op", "retry", opId), StringComparison.Ordinal);
        if (apiVersion == 1)
        {
            // Cancel exists on v1 only; a finished occurrence cannot be cancelled, and the client shows why.
            Assert.Contains("ROLLED_BACK", await cli.FailsAsync("op", "cancel", opId), StringComparison.Ordinal);
        }

        await cli.OkAsync("scale", "--type", "SCALE_OUT", "--aspect-id", "fw_capacity", id);
        opId = (string)(await NextOpAsync(http, seen, "SCALE"))["id"]!;
        var failedForGood = await cli.JsonAsync("op", "fail", opId);
        Assert.Equal("FAILED", (string)failedForGood["Operation State"]!);
        Assert.Equal(opId, (string)failedForGood["ID"]!);

        var vnfcId = (string)shown["Instantiated Vnf Info"]!["vnfcResourceInfo"]![0]!["id"]!;
        Assert.Contains("has been accepted", await cli.OkAsync("heal", id, "--vnfc-instance", vnfcId, "--cause", "cli test"), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string)(await NextOpAsync(http, seen, "HEAL"))["operationState"]!);

        var extConn = Path.Combine(server.WorkingDirectory, "change-ext-conn.json");
        await File.WriteAllTextAsync(extConn, """
            {"extVirtualLinks": [{"id": "ext-in", "resourceId": "net-in",
              "extCps": [{"cpdId": "fw_in", "cpConfig": {"in-0": {"cpProtocolData": [{"layerProtocol": "IP_OVER_ETHERNET"}]}}}]}]}
            """);
        Assert.Contains("has been accepted", await cli.OkAsync("change-ext-conn", id, extConn), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string)(await NextOpAsync(http, seen, "CHANGE_EXT_CONN"))["operationState"]!);
        var extCp = Assert.Single((await cli.JsonAsync("show", id))["Instantiated Vnf Info"]!["extCpInfo"]!.AsArray())!;
        Assert.Equal(("fw_in", "in-0"), ((string)extCp["cpdId"]!, (string)extCp["cpConfigId"]!));
        Assert.Equal("IP_OVER_ETHERNET", (string)extCp["cpProtocolInfo"]![0]!["layerProtocol"]!);

        var subscription = Path.Combine(server.WorkingDirectory, "subscription.json");
        await File.WriteAllTextAsync(subscription, new JsonObject
        {
            ["callbackUri"] = "http://127.0.0.1:9/lcm",
            ["filter"] = new JsonObject
            {
                ["vnfInstanceSubscriptionFilter"] = new JsonObject { ["vnfInstanceIds"] = new JsonArray(id) },
                ["notificationTypes"] = new JsonArray("VnfLcmOperationOccurrenceNotification"),
                ["operationTypes"] = new JsonArray("TERMINATE"),
                ["operationStates"] = new JsonArray("COMPLETED"),
            },
        }.ToJsonString());
        var subscribed = await cli.JsonAsync("subsc", "create", subscription);
        var subscriptionId = (string)subscribed["ID"]!;
        Assert.Equal("http://127.0.0.1:9/lcm", (string)subscribed["Callback URI"]!);
        Assert.Contains(id, subscribed["Filter"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains((await cli.JsonAsync("subsc", "list")).AsArray(), s => (string)s!["ID"]! == subscriptionId);

        Assert.Contains("has been accepted", await cli.OkAsync("terminate", id, "--termination-type", "FORCEFUL"), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (string)(await NextOpAsync(http, seen, "TERMINATE"))["operationState"]!);
        Assert.Equal("NOT_INSTANTIATED", (string)(await cli.JsonAsync("show", id))["Instantiation State"]!);
        Assert.Contains("deleted successfully", await cli.OkAsync("delete", id), StringComparison.Ordinal);
        Assert.Contains(id, await cli.FailsAsync("show", id), StringComparison.Ordinal);

        var ops = (await cli.JsonAsync("op", "list")).AsArray();
        Assert.Equal(
            ["COMPLETED:CHANGE_EXT_CONN", "COMPLETED:HEAL", "COMPLETED:INSTANTIATE", "COMPLETED:SCALE", "COMPLETED:TERMINATE", "FAILED:SCALE", "ROLLED_BACK:SCALE"],
            ops.Select(o => $"{(string)o!["Operation State"]!}:{(string)o["Operation"]!}").Order(StringComparer.Ordinal));
        Assert.All(ops, o => Assert.Equal(id, (string)o!["VNF Instance ID"]!));
    }

    /// <summary>The instance's newest operation occurrence not seen before, once it has settled.</summary>
    private static async Task<JsonObject> NextOpAsync(HttpClient http, HashSet<string> seen, string operation)
    {
        for (var i = 0; i < 600; i++)
        {
            var occs = (await http.GetFromJsonAsync<JsonArray>("/vnflcm/v1/vnf_lcm_op_occs"))!;
            if (occs.OfType<JsonObject>().FirstOrDefault(o => !seen.Contains((string)o["id"]!)) is { } fresh)
            {
                Assert.Equal(operation, (string)fresh["operation"]!);
                var settled = await WaitOpAsync(http, (string)fresh["id"]!);
                seen.Add((string)fresh["id"]!);
                return settled;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no new {operation} operation occurrence appeared");
    }

    /// <summary>Waits until the occurrence is in a resting state (entered after <paramref name="after"/> if given).</summary>
    private static async Task<JsonObject> WaitOpAsync(HttpClient http, string opId, string? after = null)
    {
        for (var i = 0; i < 1200; i++)
        {
            var occ = (await http.GetFromJsonAsync<JsonObject>($"/vnflcm/v1/vnf_lcm_op_occs/{opId}"))!;
            var state = (string)occ["operationState"]!;
            var entered = (string)occ["stateEnteredTime"]!;
            if (state is "COMPLETED" or "FAILED_TEMP" or "FAILED" or "ROLLED_BACK" && (after is null || string.CompareOrdinal(entered, after) != 0))
            {
                return occ;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"operation occurrence {opId} did not settle");
    }
}
