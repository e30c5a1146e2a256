using System.Collections.Immutable;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Descriptors.Csar;
using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.NsLcm.Vnffg;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Placement.Claims;
using NfvMano.Vim.Libvirt;
using NfvMano.Vim.Networks;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;
using NfvMano.Vim.Ovs.Cli;
using NfvMano.Vim.Ovs.Diagnostics;
using PortRange = NfvMano.Vim.Ovs.Chains.PortRange;
using NfvMano.Vim.Servers;
using Xunit.Abstractions;

namespace NfvMano.Vim.Ovs.Tests.Guests;

/// <summary>
/// The sample NSD's VNFFG (access SAP → vRouter → vFirewall → core SAP, HTTP(S) to 203.0.113.0/24) realised on real
/// guests: a router and a firewall stand-in, each a QEMU guest with two NICs that libvirtd plugs into an Open vSwitch
/// bridge through an OVS-backed libvirt network, the SAPs as OVS internal ports, the chain made by the NS LCM's
/// <see cref="VnffgRealiser"/> from the VNFC records and checked with <c>ofproto/trace</c>.
/// </summary>
public sealed class GuestChainTests(ITestOutputHelper output)
{
    private const string HostId = "local";
    private const string BridgeName = "nfvg-br";
    private const string SapIn = "nfvg-sap-in";
    private const string SapOut = "nfvg-sap-out";
    private const string Network = "vl";
    private const string SapOutMac = "02:00:00:00:00:77";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Guid Ns = Guid.Parse("3d0f1a52-8c4e-4f1b-9a6d-0c1e2f3a4b5c");
    private static readonly Guid RouterVnf = Guid.Parse("3d0f1a52-8c4e-4f1b-9a6d-0000000000a1");
    private static readonly Guid FirewallVnf = Guid.Parse("3d0f1a52-8c4e-4f1b-9a6d-0000000000f1");

    [GuestChainFact]
    public async Task SampleVnffg_OnTwoGuests_SteersMatchingTrafficRouterThenFirewallAndRemovesOnlyItsRules()
    {
        var kernel = Environment.GetEnvironmentVariable("NFVMANO_GUEST_KERNEL")!;
        var initrd = Environment.GetEnvironmentVariable("NFVMANO_GUEST_INITRD")!;
        Assert.True(File.Exists(kernel) && File.Exists(initrd), $"NFVMANO_GUEST_KERNEL/INITRD must name the guest files ({kernel}, {initrd}).");
        var tools = new OvsTools(
            Options.Create(new OvsOptions
            {
                Database = Environment.GetEnvironmentVariable("NFVMANO_OVS_DB"),
                VswitchdControl = Environment.GetEnvironmentVariable("NFVMANO_OVS_VSWITCHD_CTL"),
                Bridge = BridgeName,
            }),
            NullLogger<OvsTools>.Instance);
        var bridge = new OvsBridgeManager(tools);
        var programmer = new OvsForwardingGraphProgrammer(tools, bridge, NullLogger<OvsForwardingGraphProgrammer>.Instance);
        var tracer = new OvsTracer(tools);
        var realiser = new VnffgRealiser(bridge, programmer, NullLogger<VnffgRealiser>.Instance);
        await using var driver = new LibvirtVimDriver(new LibvirtVimOptions
        {
            NamePrefix = "nfvg-",
            Hosts = [new LibvirtHostOptions { Id = HostId, Uri = Environment.GetEnvironmentVariable("NFVMANO_LIBVIRTD_URI")!, DomainType = "qemu", OvsBridge = BridgeName }],
        });

        var flavour = SampleNsFlavour();
        var vnffg = flavour.Vnffgs.Single(g => g.Id == "vnffg_web");
        var router = new VimResourceRef(HostId, "nfvg-router");
        var firewall = new VimResourceRef(HostId, "nfvg-firewall");
        try
        {
            // A bridge left by an aborted run would carry its old rules and ports.
            await bridge.DeleteBridgeAsync(None);
            await bridge.EnsureBridgeAsync(None);
            await bridge.EnsurePortAsync(SapIn, OvsPortType.Internal, null, None);
            await bridge.EnsurePortAsync(SapOut, OvsPortType.Internal, null, None);
            await driver.CreateNetworkAsync(new NetworkSpec(HostId, Network), None);

            await CreateGuestAsync(driver, router, RouterVnf, "r-0", ["data1", "data2"], kernel, initrd);
            await CreateGuestAsync(driver, firewall, FirewallVnf, "fw-0", ["lab_in", "lab_out"], kernel, initrd);

            // libvirtd itself plugged each guest NIC into the OVS bridge, recording the MAC the MANO chose.
            var routerIn = await PortOf(bridge, RouterVnf, "r-0", "data1");
            var routerOut = await PortOf(bridge, RouterVnf, "r-0", "data2");
            var firewallIn = await PortOf(bridge, FirewallVnf, "fw-0", "lab_in");
            var firewallOut = await PortOf(bridge, FirewallVnf, "fw-0", "lab_out");
            output.WriteLine($"router {routerIn}/{routerOut}, firewall {firewallIn}/{firewallOut}");
            Assert.Equal(4, new[] { routerIn, routerOut, firewallIn, firewallOut }.Distinct().Count());

            var context = new VnffgContext(
                Ns,
                flavour,
                [
                    new VnffgVnfInstance("vRouter", RouterVnf, Instantiated("default", Vnfc("r-0", router, "data1", "data2"), [Link("vl_access", "data1"), Link("vl_inside", "data2")])),
                    new VnffgVnfInstance("vFirewall", FirewallVnf, Instantiated("lab", Vnfc("fw-0", firewall, "lab_in", "lab_out"), [Link("vl_inside", "lab_in"), Link("vl_core", "lab_out")])),
                ],
                new Dictionary<string, string> { ["sap_access"] = SapIn, ["sap_core"] = SapOut });

            // Another tenant's chain on the same bridge: removing the VNFFG must leave it as it is.
            var other = new ForwardingChain(
                "other-ns/vnffg_dns/nfp_dns",
                [new FlowClassifier { Protocol = "udp", DestinationPorts = PortRange.Single(53) }],
                SapIn,
                [new ChainHop(firewallIn, firewallOut)],
                SapOut);
            await programmer.ApplyAsync(other, None);
            var otherBefore = await programmer.ReadChainAsync(other.ChainId, None);

            var applied = Assert.Single(await realiser.ApplyAsync(context, "vnffg_web", None));
            Assert.Equal($"{Ns:D}/vnffg_web/nfp_web", applied.ChainId);
            Assert.NotEmpty(applied.Flows);
            var cookie = ChainCookie.For(applied.ChainId);
            await tools.AppctlAsync(["fdb/add", BridgeName, SapOut, "0", SapOutMac], None);

            await AssertGoesTo(tracer, Web(SapIn), routerIn, cookie);
            await AssertGoesTo(tracer, Web(routerOut), firewallIn, cookie);
            await AssertGoesTo(tracer, Web(firewallOut), SapOut, cookie);
            await AssertGoesTo(tracer, Web(SapIn, dstPort: 80), routerIn, cookie);

            // Not HTTP(S), or not to 203.0.113.0/24: switched normally to where the destination MAC lives.
            await AssertGoesTo(tracer, Web(SapIn, dstPort: 22), SapOut, null);
            await AssertGoesTo(tracer, Web(SapIn, dst: "198.51.100.7"), SapOut, null);

            // Applying again leaves the same rules.
            Assert.Equal(applied.Flows, Assert.Single(await realiser.ApplyAsync(context, "vnffg_web", None)).Flows);

            await realiser.RemoveAsync(Ns, vnffg, None);

            Assert.Empty(Assert.Single(await realiser.ReadAsync(Ns, vnffg, None)).Flows);
            Assert.Equal(otherBefore.Flows, (await programmer.ReadChainAsync(other.ChainId, None)).Flows);
            Assert.Equal([ChainCookie.For(other.ChainId)], await programmer.ListChainCookiesAsync(None));
            await AssertGoesTo(tracer, Web(SapIn), SapOut, null);
            await AssertGoesTo(tracer, Web(routerOut), SapOut, null);
        }
        finally
        {
            await driver.DeleteServerAsync(router, None);
            await driver.DeleteServerAsync(firewall, None);
            await driver.DeleteNetworkAsync(new VimResourceRef(HostId, Network), None);
            await bridge.DeleteBridgeAsync(None);
        }

        var left = await driver.ListOwnedAsync(None);
        Assert.DoesNotContain(left.Servers, s => s.Ref == router || s.Ref == firewall);
        Assert.DoesNotContain(left.Networks, n => n.Ref.Name == Network);
        Assert.DoesNotContain(BridgeName, await tools.VsctlAsync(["list-br"], None), StringComparison.Ordinal);
    }

    private static async Task CreateGuestAsync(LibvirtVimDriver driver, VimResourceRef server, Guid vnf, string vnfc, string[] cps, string kernel, string initrd)
    {
        await driver.CreateServerAsync(
            new ServerSpec
            {
                HostId = HostId,
                Name = server.Name,
                Owner = new ServerOwner(vnf.ToString(), vnfc),
                VcpuCount = 1,
                MemoryMiB = 128,
                VirtioPorts = [.. cps.Select(cp => new VirtioPortSpec(Network, ExternalPorts.Mac(vnf, vnfc, cp)))],
                DirectKernel = new DirectKernelBoot(kernel, initrd, "console=ttyS0 panic=-1 quiet"),
            },
            None);

        // The taps exist, and are plugged, once QEMU runs; the guest need not have booted.
        await driver.StartServerAsync(server, None);
    }

    private static async Task<string> PortOf(OvsBridgeManager bridge, Guid vnf, string vnfc, string cp)
    {
        var mac = ExternalPorts.Mac(vnf, vnfc, cp);
        var port = await bridge.FindPortByMacAsync(mac, None);
        Assert.True(port is not null, $"no port of bridge {BridgeName} carries attached-mac {mac} ({vnfc} {cp}): libvirtd did not plug the guest NIC");
        return port;
    }

    private static string Web(string inPort, int dstPort = 443, string dst = "203.0.113.10") =>
        $"in_port={inPort},tcp,dl_dst={SapOutMac},nw_src=10.0.0.5,nw_dst={dst},tcp_src=40000,tcp_dst={dstPort}";

    private static async Task AssertGoesTo(OvsTracer tracer, string packet, string expectedPort, ulong? cookie)
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

    private static InstantiatedVnf Instantiated(string flavour, VnfcRecord vnfc, IReadOnlyList<ExtVirtualLinkRecord> links) =>
        new(flavour, null, "STARTED", new Dictionary<string, int>(), [vnfc], [], links);

    private static VnfcRecord Vnfc(string id, VimResourceRef server, params string[] cps) => new(
        id, "vdu", HostId, server.Name, server.Name, new Dictionary<string, string>(),
        cps.ToDictionary(cp => cp, _ => Network),
        new Assignment(id, HostId, ImmutableArray<CellAssignment>.Empty, ImmutableArray<VfAssignment>.Empty, []));

    private static ExtVirtualLinkRecord Link(string nsVirtualLink, string cpd) =>
        new(nsVirtualLink, Network, null, [new ExtCpRecord(nsVirtualLink + "-" + cpd, cpd, null, null, null)]);

    private static NsFlavour SampleNsFlavour()
    {
        using var zip = new MemoryStream();
        ZipFile.CreateFromDirectory(Path.Combine(AppContext.BaseDirectory, "descriptors", "nsd-service-chain"), zip);
        zip.Position = 0;
        var result = CsarReader.Read(zip);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Nsd!.Flavours.Single();
    }
}

/// <summary>
/// A fact that needs a real libvirtd, a user-space Open vSwitch whose database libvirtd's <c>ovs-vsctl</c> reaches, and
/// the guest kernel: skipped unless <c>NFVMANO_LIBVIRTD_URI</c> and <c>NFVMANO_OVS_DB</c> are set
/// (tests/support/libvirt/up.sh and tests/support/ovs/up.sh).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GuestChainFactAttribute : FactAttribute
{
    public GuestChainFactAttribute()
    {
        var missing = new[] { "NFVMANO_LIBVIRTD_URI", "NFVMANO_OVS_DB", "NFVMANO_GUEST_KERNEL" }
            .Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} not set: start libvirtd and Open vSwitch with tests/support/libvirt/up.sh and tests/support/ovs/up.sh.";
        }
    }
}
