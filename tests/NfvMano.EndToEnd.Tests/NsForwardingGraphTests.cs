using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Lifecycle.NsLcm.Steps;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.Configuration;
using NfvMano.Testing;
using NfvMano.Vim.Ovs;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;
using NfvMano.Vim.Ovs.Cli;
using NfvMano.Vim.Ovs.Diagnostics;
using Xunit.Abstractions;
using static NfvMano.EndToEnd.Tests.HostTools;
using static NfvMano.Testing.LcmOperations;

namespace NfvMano.EndToEnd.Tests;

/// <summary>
/// An NS whose VNFFG becomes real traffic steering, driven only through SOL005: the lab chain NSD (two lab
/// firewalls in series) instantiated by a server process on PostgreSQL and a real libvirtd whose host puts its
/// networks on an Open vSwitch bridge. The NS virtual links become libvirt networks on the bridge, QEMU plugs each
/// VNFC port into it with the MAC the VNFM chose, and the NFP is programmed as OpenFlow rules — checked with
/// <c>ofproto/trace</c>: web traffic entering at sap_in passes the first firewall, then the second, then leaves at
/// sap_out; other traffic is switched normally; UPDATE_VNFFG changes the classifier; terminate leaves nothing.
/// </summary>
public sealed class NsForwardingGraphTests(ITestOutputHelper output)
{
    private const string NsLcm = "/nslcm/v1";
    private const string SapOutMac = "02:00:00:00:00:99";
    private static readonly CancellationToken None = CancellationToken.None;

    [NsForwardingGraphFact]
    public async Task LabChain_InstantiatedOverSol005_SteersWebTrafficThroughBothFirewallsInOrder_AndTerminateLeavesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var prefix = "nfg" + Guid.NewGuid().ToString("N")[..5] + "-";
        var bridgeName = "nfg" + Guid.NewGuid().ToString("N")[..8];
        var poolPath = Directory.CreateTempSubdirectory("nfvmano-nfg-pool-").FullName;
        var ovsDb = Environment.GetEnvironmentVariable(NsForwardingGraphFactAttribute.OvsDatabaseVariable)!;
        var ovsCtl = Environment.GetEnvironmentVariable(NsForwardingGraphFactAttribute.OvsControlVariable)!;
        var tools = new OvsTools(Options.Create(new OvsOptions { Database = ovsDb, VswitchdControl = ovsCtl, Bridge = bridgeName }), NullLogger<OvsTools>.Instance);
        var bridge = new OvsBridgeManager(tools);
        var programmer = new OvsForwardingGraphProgrammer(tools, bridge, NullLogger<OvsForwardingGraphProgrammer>.Instance);
        var tracer = new OvsTracer(tools);
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
            ["NfvMano__Vim__Libvirt__Hosts__0__OvsBridge"] = bridgeName,
            ["NfvMano__Vim__Ovs__Database"] = ovsDb,
            ["NfvMano__Vim__Ovs__VswitchdControl"] = ovsCtl,
            ["NfvMano__VnfLcm__HostCoresPerCell"] = "0",
            ["NfvMano__VnfLcm__SharedCoresPerCell"] = "2",
            ["NfvMano__VnfLcm__ReservedMemoryMiBPerCell"] = "512",
        });
        string? nsId = null;
        HttpClient? client = null;
        try
        {
            // The operator's integration bridge, as br-int would be: the MANO plugs into it, it does not own it.
            await bridge.DeleteBridgeAsync(None);
            await bridge.EnsureBridgeAsync(None);
            Assert.Equal(0, await fleet.RunToExitAsync("migrate"));
            client = (await fleet.StartAsync("nfg")).Client;
            await Sol005Catalogue.OnboardVnfPackageAsync(client, Samples.Zip("firewall"));
            await Sol005Catalogue.OnboardNsdAsync(client, Samples.Zip("nsd-lab-chain"));

            var created = await client.PostAsJsonAsync($"{NsLcm}/ns_instances", new { nsdId = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e20", nsName = "lab-chain", nsDescription = "VNFFG end to end" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            nsId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            await CompletedAsync(client, fleet, await StartAsync(client, $"{NsLcm}/ns_instances/{nsId}/instantiate", new { nsFlavourId = "lab" }));

            var ns = (await client.GetFromJsonAsync<JsonObject>($"{NsLcm}/ns_instances/{nsId}"))!;
            var id = Guid.Parse(nsId);
            var sapIn = VnffgPlanner.SapPortName(id, "sap_in");
            var sapOut = VnffgPlanner.SapPortName(id, "sap_out");
            var first = await PortOfAsync(bridge, ns, "fw_first");
            var second = await PortOfAsync(bridge, ns, "fw_second");
            output.WriteLine($"sap_in {sapIn}, fw_first {first.In}/{first.Out}, fw_second {second.In}/{second.Out}, sap_out {sapOut}");
            Assert.Equal(6, new[] { sapIn, first.In, first.Out, second.In, second.Out, sapOut }.Distinct().Count());
            // Every NS virtual link is a network of the host, on the bridge.
            Assert.All(ns["virtualLinkInfo"]!.AsArray(), l => Assert.Contains(prefix + NsNetworks.Name(id, (string)l!["id"]!), Virsh("net-list", "--all", "--name")));
            Assert.Equal(3, ns["virtualLinkInfo"]!.AsArray().Count);

            // nsInstance shows the path the steering realised: in at sap_in, fw_first, fw_second, out at sap_out.
            var path = Assert.Single(ns["vnffgInfo"]!.AsArray())!["nfpInfo"]![0]!["metadata"]!["realisedPath"]!;
            Assert.Equal(("sap_in", "sap_out"), ((string)path["ingressSap"]!, (string)path["egressSap"]!));
            Assert.Equal(["fw_first", "fw_second"], path["hops"]!.AsArray().Select(h => (string)h!["instances"]![0]!["vnfProfileId"]!));
            var cookie = ChainCookie.For(VnffgPlanner.ChainId(id, "vnffg_lab", "nfp_lab"));
            await tools.AppctlAsync(["fdb/add", bridgeName, sapOut, "0", SapOutMac], None);
            await AssertGoesToAsync(tracer, Web(sapIn, 80), first.In, cookie);
            await AssertGoesToAsync(tracer, Web(first.Out, 80), second.In, cookie);
            await AssertGoesToAsync(tracer, Web(second.Out, 80), sapOut, cookie);
            await AssertGoesToAsync(tracer, Web(sapIn, 22), sapOut, null);

            // UPDATE_VNFFG: the NFP now classifies TCP 8080; port 80 is switched normally.
            await CompletedAsync(client, fleet, await StartAsync(client, $"{NsLcm}/ns_instances/{nsId}/update", new
            {
                updateType = "UPDATE_VNFFG",
                updateVnffg = new[] { new { vnffgInfoId = "vnffg_lab", nfp = new[] { new { nfpInfoId = "nfp_lab", nfpRule = new { etherType = "ipv4", protocol = "tcp", destinationPortRange = new { lowerPort = 8080, upperPort = 8080 } } } } } },
            }));
            await AssertGoesToAsync(tracer, Web(sapIn, 8080), first.In, cookie);
            await AssertGoesToAsync(tracer, Web(sapIn, 80), sapOut, null);

            await CompletedAsync(client, fleet, await StartAsync(client, $"{NsLcm}/ns_instances/{nsId}/terminate", new { }));
            Assert.Empty(await programmer.ListChainCookiesAsync(None));
            var ports = await bridge.ListPortsAsync(None);
            Assert.DoesNotContain(sapIn, ports);
            Assert.DoesNotContain(sapOut, ports);
            Assert.DoesNotContain(Virsh("list", "--all", "--name"), n => n.StartsWith(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(Virsh("net-list", "--all", "--name"), n => n.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"{NsLcm}/ns_instances/{nsId}", UriKind.Relative))).StatusCode);
            nsId = null;
        }
        finally
        {
            if (nsId is not null && client is not null)
            {
                // A failed run: take what it made away so the next run starts clean.
                await client.PostAsJsonAsync($"{NsLcm}/ns_instances/{nsId}/terminate", new { });
                await Task.Delay(TimeSpan.FromSeconds(20));
            }
            foreach (var domain in Virsh("list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Virsh("destroy", domain);
                Virsh("undefine", domain, "--nvram");
            }
            foreach (var network in Virsh("net-list", "--all", "--name").Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Virsh("net-destroy", network);
                Virsh("net-undefine", network);
            }
            await bridge.DeleteBridgeAsync(None);
        }
    }

    private static async Task<(string In, string Out)> PortOfAsync(OvsBridgeManager bridge, JsonObject ns, string profile)
    {
        var vnf = ns["vnfInstance"]!.AsArray().Single(v => (string)v!["metadata"]!["vnfProfileId"]! == profile)!;
        var vnfId = Guid.Parse((string)vnf["id"]!);
        var vnfc = (string)Assert.Single(vnf["instantiatedVnfInfo"]!["vnfcResourceInfo"]!.AsArray())!["id"]!;
        async Task<string> PortAsync(string cp)
        {
            var mac = ExternalPorts.Mac(vnfId, vnfc, cp);
            var port = await bridge.FindPortByMacAsync(mac, None);
            Assert.True(port is not null, $"{profile} {vnfc} {cp}: no bridge port carries attached-mac {mac}");
            return port;
        }
        return (await PortAsync("lab_in"), await PortAsync("lab_out"));
    }

    private static string Web(string inPort, int dstPort) =>
        $"in_port={inPort},tcp,dl_dst={SapOutMac},nw_src=10.0.0.5,nw_dst=192.0.2.10,tcp_src=40000,tcp_dst={dstPort}";

    private static async Task AssertGoesToAsync(OvsTracer tracer, string packet, string expectedPort, ulong? cookie)
    {
        var trace = await tracer.TraceAsync(packet, None);
        Assert.True(trace.OutputPorts.SequenceEqual([expectedPort]), $"{packet} left by [{string.Join(", ", trace.OutputPorts)}], expected {expectedPort}:\n{trace.Text}");
        if (cookie is { } c)
        {
            Assert.Equal([c], trace.Cookies);
        }
        else
        {
            Assert.DoesNotContain(trace.Cookies, ChainCookie.IsChainCookie);
        }
    }

    private static async Task CompletedAsync(HttpClient client, ServerFleet fleet, Uri occ)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonObject>(occ);
            var state = (string)last!["operationState"]!;
            if (state is "COMPLETED")
            {
                return;
            }
            Assert.True(state is "STARTING" or "PROCESSING", $"{occ}: {last.ToJsonString()}\n{Tail(fleet.Log)}");
            await Task.Delay(300);
        }
        throw new TimeoutException($"{occ} did not complete: {last?.ToJsonString()}");
    }

    private static string Tail(string log) => log.Length <= 20_000 ? log : log[^20_000..];
}

/// <summary>An end-to-end fact that also needs the user-space Open vSwitch <c>tests/run</c> starts.</summary>
public sealed class NsForwardingGraphFactAttribute : FactAttribute
{
    public const string OvsDatabaseVariable = "NFVMANO_OVS_DB";
    public const string OvsControlVariable = "NFVMANO_OVS_VSWITCHD_CTL";

    public NsForwardingGraphFactAttribute()
    {
        if (TestDatabase.PostgresAdminConnectionString is null
            || Environment.GetEnvironmentVariable(EndToEndFactAttribute.LibvirtdVariable) is not { Length: > 0 }
            || Environment.GetEnvironmentVariable(OvsDatabaseVariable) is not { Length: > 0 }
            || Environment.GetEnvironmentVariable(OvsControlVariable) is not { Length: > 0 })
        {
            Skip = $"needs {TestDatabase.PostgresVariable}, {EndToEndFactAttribute.LibvirtdVariable}, {OvsDatabaseVariable} and {OvsControlVariable}: run tests/run";
        }
    }
}
