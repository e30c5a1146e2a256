using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NfvMano.Persistence.Configuration;
using NfvMano.Testing;
using Xunit.Abstractions;
using static NfvMano.EndToEnd.Tests.HostTools;

namespace NfvMano.EndToEnd.Tests;

/// <summary>
/// The check that matters for a VNFM: servers killed with SIGKILL in the middle of lifecycle
/// operations, restarted, or replaced by another server on the same database, and afterwards every
/// operation has ended properly and the VIM holds exactly what the database says — no orphan
/// domain or network, none missing, no claim leaked.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string VnfLcm = "/vnflcm/v1";
    private static readonly string[] Settled = ["COMPLETED", "FAILED_TEMP", "FAILED", "ROLLED_BACK"];

    private int _operations;
    private int _kills;
    private readonly Dictionary<string, int> _outcomes = [];

    [EndToEndFact]
    public async Task LifecycleOperations_SurviveServersKilledMidOperation_AndLeaveTheVimAsTheDatabaseSays()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var prefix = "e2e" + Guid.NewGuid().ToString("N")[..6] + "-";
        var poolPath = Directory.CreateTempSubdirectory("nfvmano-e2e-pool-").FullName;
        var random = new Random(Environment.GetEnvironmentVariable("NFVMANO_E2E_SEED") is { } seed ? int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount);
        await using var fleet = new ServerFleet(new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = database.ConnectionString,
            ["NfvMano__Vim__Libvirt__NamePrefix"] = prefix,
            ["NfvMano__Vim__Libvirt__Hosts__0__Id"] = "local",
            ["NfvMano__Vim__Libvirt__Hosts__0__Uri"] = Environment.GetEnvironmentVariable(EndToEndFactAttribute.LibvirtdVariable)!,
            ["NfvMano__Vim__Libvirt__Hosts__0__DomainType"] = "qemu",
            ["NfvMano__Vim__Libvirt__Hosts__0__StoragePool"] = prefix + "pool",
            ["NfvMano__Vim__Libvirt__Hosts__0__StoragePoolPath"] = poolPath,
            // A 2-CPU test machine: both CPUs form the shared pool the firewall's lab flavour floats on.
            ["NfvMano__VnfLcm__HostCoresPerCell"] = "0",
            ["NfvMano__VnfLcm__SharedCoresPerCell"] = "2",
            ["NfvMano__VnfLcm__ReservedMemoryMiBPerCell"] = "512",
            ["Workflows__LeaseDuration"] = "00:00:06",
            ["Workflows__HeartbeatInterval"] = "00:00:01",
            ["Workflows__SweepInterval"] = "00:00:02",
        });
        try
        {
            Assert.Equal(0, await fleet.RunToExitAsync("migrate"));
            // The external network the NFVO connects the VNFs to (the driver finds it under its name prefix). Moving
            // ports between networks (change_ext_conn) needs a guest OS that releases hot-unplugged NICs, which these
            // image-less guests lack: the libvirt adapter's real-guest test covers it.
            foreach (var net in new[] { "ext-a" })
            {
                var file = Path.Combine(poolPath, net + ".xml");
                await File.WriteAllTextAsync(file, $"<network><name>{prefix}{net}</name></network>");
                Virsh("net-create", file);
            }
            var a = await fleet.StartAsync("a1");
            var vnfdId = await OnboardAsync(a.Client, "firewall");
            var instances = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                instances.Add(await CreateInstanceAsync(a.Client, vnfdId, $"fw-{i}"));
            }

            // Round 1: instantiate both, kill the only server mid-way, restart it.
            var ops = await StartAllAsync(a.Client, instances, "instantiate", Instantiate("ext-a"));
            a = await KillAndRestartAsync(fleet, a, "a2", random);
            await SettleAsync(a.Client, ops);
            await AssertVimMatchesDatabaseAsync(a.Client, database, instances, prefix, vnfcsEach: 1, externalNetwork: "ext-a");

            // Round 2: scale both out by one step (a second VNFC each), kill mid-way, restart.
            var scaleOut = new JsonObject { ["type"] = "SCALE_OUT", ["aspectId"] = "lab_capacity", ["numberOfSteps"] = 1 };
            ops = await StartAllAsync(a.Client, instances, "scale", scaleOut);
            a = await KillAndRestartAsync(fleet, a, "a3", random);
            await SettleAsync(a.Client, ops);
            await AssertVimMatchesDatabaseAsync(a.Client, database, instances, prefix, vnfcsEach: 2, externalNetwork: "ext-a");

            // Round 3: heal every VNFC, kill mid-way, restart.
            ops = await StartAllAsync(a.Client, instances, "heal", new JsonObject());
            a = await KillAndRestartAsync(fleet, a, "a4", random);
            await SettleAsync(a.Client, ops);
            await AssertVimMatchesDatabaseAsync(a.Client, database, instances, prefix, vnfcsEach: 2, externalNetwork: "ext-a");

            // Round 4: two servers; scale in through one, kill it, the other finishes the work.
            var b = await fleet.StartAsync("b1");
            ops = await StartAllAsync(a.Client, instances, "scale", new JsonObject { ["type"] = "SCALE_IN", ["aspectId"] = "lab_capacity" });
            await Task.Delay(random.Next(100, 1500));
            a.Kill();
            _kills++;
            await SettleAsync(b.Client, ops);
            await AssertVimMatchesDatabaseAsync(b.Client, database, instances, prefix, vnfcsEach: 1, externalNetwork: "ext-a");

            // Round 5: terminate through the survivor, kill it, a fresh one finishes.
            ops = await StartAllAsync(b.Client, instances, "terminate", new JsonObject { ["terminationType"] = "FORCEFUL" });
            b = await KillAndRestartAsync(fleet, b, "b2", random);
            await SettleAsync(b.Client, ops);
            await AssertVimMatchesDatabaseAsync(b.Client, database, instances, prefix, vnfcsEach: 0);

            // Round 6: instantiate again, kill, let a fresh one finish; then clean up.
            ops = await StartAllAsync(b.Client, instances, "instantiate", Instantiate("ext-a"));
            b = await KillAndRestartAsync(fleet, b, "b3", random);
            await SettleAsync(b.Client, ops);
            await AssertVimMatchesDatabaseAsync(b.Client, database, instances, prefix, vnfcsEach: 1, externalNetwork: "ext-a");
            ops = await StartAllAsync(b.Client, instances, "terminate", new JsonObject { ["terminationType"] = "FORCEFUL" });
            await SettleAsync(b.Client, ops);
            foreach (var id in instances)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await Send(b.Client, HttpMethod.Delete, $"{VnfLcm}/vnf_instances/{id}")).StatusCode);
            }

            Virsh("net-destroy", prefix + "ext-a");
            Assert.DoesNotContain(Virsh("list", "--all", "--name"), n => n.StartsWith(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(Virsh("net-list", "--all", "--name"), n => n.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(0L, await ScalarAsync(database, "select count(*) from placement_claims"));
            output.WriteLine($"operations {_operations}, SIGKILLs {_kills}, outcomes {string.Join(", ", _outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}");
        }
        catch (Exception e)
        {
            output.WriteLine("--- server logs ---\n" + Tail(fleet.Log));
            throw new InvalidOperationException(e.Message, e);
        }
        finally
        {
            foreach (var domain in Virsh("list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Virsh("destroy", domain);
                Virsh("undefine", domain);
            }
            foreach (var network in Virsh("net-list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Virsh("net-destroy", network);
                Virsh("net-undefine", network);
            }
            Virsh("pool-destroy", prefix + "pool");
            Virsh("pool-undefine", prefix + "pool");
            Directory.Delete(poolPath, recursive: true);
        }
    }

    private static JsonArray ExternalLink(string network) =>
        [new JsonObject { ["id"] = "ext", ["resourceId"] = network, ["extCps"] = new JsonArray(new JsonObject { ["cpdId"] = "lab_in" }) }];

    private static JsonObject Instantiate(string network) => new() { ["flavourId"] = "lab", ["extVirtualLinks"] = ExternalLink(network) };

    private async Task<ServerHandle> KillAndRestartAsync(ServerFleet fleet, ServerHandle server, string next, Random random)
    {
        await Task.Delay(random.Next(100, 2500));
        server.Kill();
        _kills++;
        return await fleet.StartAsync(next);
    }

    private static async Task<string> OnboardAsync(HttpClient client, string sample)
    {
        var created = await client.PostAsJsonAsync("/vnfpkgm/v1/vnf_packages", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var zip = new ByteArrayContent(Samples.Zip(sample));
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PutAsync(new Uri($"/vnfpkgm/v1/vnf_packages/{id}/package_content", UriKind.Relative), zip)).StatusCode);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var info = (await client.GetFromJsonAsync<JsonObject>($"/vnfpkgm/v1/vnf_packages/{id}"))!;
            if (info["onboardingState"]!.GetValue<string>() == "ONBOARDED")
            {
                return info["vnfdId"]!.GetValue<string>();
            }
            Assert.Null(info["onboardingFailureDetails"]);
            await Task.Delay(200);
        }
        throw new TimeoutException($"package {id} was not onboarded within a minute");
    }


    private static async Task<string> CreateInstanceAsync(HttpClient client, string vnfdId, string name)
    {
        var response = await Send(client, HttpMethod.Post, $"{VnfLcm}/vnf_instances", new JsonObject { ["vnfdId"] = vnfdId, ["vnfInstanceName"] = name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task<List<string>> StartAllAsync(HttpClient client, IEnumerable<string> instances, string task, JsonObject body)
    {
        var ops = new List<string>();
        foreach (var id in instances)
        {
            var response = await Send(client, HttpMethod.Post, $"{VnfLcm}/vnf_instances/{id}/{task}", body.DeepClone().AsObject());
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{task} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            ops.Add(response.Headers.Location!.ToString().Split('/')[^1]);
            _operations++;
        }
        return ops;
    }

    /// <summary>Waits for every operation to end; a FAILED_TEMP one is retried, then rolled back.</summary>
    private async Task SettleAsync(HttpClient client, IEnumerable<string> ops)
    {
        foreach (var op in ops)
        {
            var state = await WaitAsync(client, op);
            if (state == "FAILED_TEMP")
            {
                Count("FAILED_TEMP then retry");
                Assert.Equal(HttpStatusCode.Accepted, (await Send(client, HttpMethod.Post, $"{VnfLcm}/vnf_lcm_op_occs/{op}/retry")).StatusCode);
                state = await WaitAsync(client, op);
                if (state == "FAILED_TEMP")
                {
                    Count("FAILED_TEMP then rollback");
                    Assert.Equal(HttpStatusCode.Accepted, (await Send(client, HttpMethod.Post, $"{VnfLcm}/vnf_lcm_op_occs/{op}/rollback")).StatusCode);
                    state = await WaitAsync(client, op);
                    Assert.Equal("ROLLED_BACK", state);
                }
            }
            Count(state);
            Assert.True(state == "COMPLETED", $"operation {op} ended {state}: {await ErrorOfAsync(client, op)}");
        }
    }

    private static async Task<string> ErrorOfAsync(HttpClient client, string op) =>
        (await (await Send(client, HttpMethod.Get, $"{VnfLcm}/vnf_lcm_op_occs/{op}")).Content.ReadFromJsonAsync<JsonObject>())?["error"]?.ToJsonString() ?? "no error recorded";

    private static async Task<string> WaitAsync(HttpClient client, string op)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        string state = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await Send(client, HttpMethod.Get, $"{VnfLcm}/vnf_lcm_op_occs/{op}");
            if (response.IsSuccessStatusCode)
            {
                state = (await response.Content.ReadFromJsonAsync<JsonObject>())!["operationState"]!.GetValue<string>();
                if (Settled.Contains(state))
                {
                    return state;
                }
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"operation {op} still {state} after 3 minutes");
    }

    /// <summary>
    /// Every VNFC the database knows has its domain, and no domain of ours is unknown to it; each instance has the
    /// number of VNFCs the completed operations imply and exactly one placement claim per VNFC.
    /// </summary>
    private static async Task AssertVimMatchesDatabaseAsync(HttpClient client, TestDatabase database, IEnumerable<string> instances, string prefix, int vnfcsEach, string? externalNetwork = null)
    {
        var known = new List<string>();
        foreach (var id in instances)
        {
            var instance = (await (await Send(client, HttpMethod.Get, $"{VnfLcm}/vnf_instances/{id}")).Content.ReadFromJsonAsync<JsonObject>())!;
            var vnfcs = instance["instantiatedVnfInfo"]?["vnfcResourceInfo"] as JsonArray ?? [];
            Assert.True(vnfcs.Count == vnfcsEach, $"instance {id} has {vnfcs.Count} VNFCs, expected {vnfcsEach}");
            known.AddRange(vnfcs.Select(v => v!["computeResource"]!["resourceId"]!.GetValue<string>()));
        }
        // VNFC resources name their domain by UUID.
        var domains = Virsh("list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => Virsh("domuuid", name).Single()).ToList();
        Assert.Equal(known.Order(StringComparer.Ordinal), domains.Order(StringComparer.Ordinal));
        // Each VNFC has its external port on the network the last external connectivity named, and on no other.
        foreach (var domain in Virsh("list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var sources = Virsh("domiflist", domain).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).ToList();
            Assert.True(sources.Count(n => n.StartsWith(prefix + "ext-", StringComparison.Ordinal)) == 1 && sources.Contains(prefix + externalNetwork),
                $"{domain} is on {string.Join(", ", sources)}; expected one external port, on {prefix}{externalNetwork}");
        }
        // One claim per VNFC: none leaked by a killed scale-in or terminate, none missing after a scale-out.
        Assert.Equal(known.Count, await ScalarAsync(database, "select count(*) from placement_claims"));
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Version", "1.3.0");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return client.SendAsync(request);
    }

    private void Count(string outcome) => _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;


    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Tail(string log) => log.Length <= 20_000 ? log : log[^20_000..];
}
