using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Vim.Ovs.Bridges;
using NfvMano.Vim.Ovs.Chains;
using NfvMano.Vim.Ovs.Cli;
using NfvMano.Vim.Ovs.Diagnostics;

namespace NfvMano.Vim.Ovs.Tests.EndToEnd;

/// <summary>
/// A netdev bridge on the real OVS that up.sh started, with internal ports standing in for the SAPs and the VNF NICs:
/// sap-in (1), r-in (2), r-out (3), fw-in (4), fw-out (5), sap-out (6), and a second firewall instance fw2-in (7),
/// fw2-out (8). Deleted again at the end.
/// </summary>
public sealed class OvsBridgeFixture : IAsyncLifetime
{
    public const string DatabaseVariable = "NFVMANO_OVS_DB";
    public const string ControlVariable = "NFVMANO_OVS_VSWITCHD_CTL";
    public const string BridgeName = "nfvt-chain";

    /// <summary>A MAC the bridge has learned on sap-out, so normal switching sends a packet for it there and nowhere else.</summary>
    public const string SapOutMac = "02:00:00:00:00:66";

    public static readonly string[] PortNames = ["sap-in", "r-in", "r-out", "fw-in", "fw-out", "sap-out", "fw2-in", "fw2-out"];

    public OvsBridgeFixture()
    {
        var options = Options.Create(new OvsOptions
        {
            Database = Environment.GetEnvironmentVariable(DatabaseVariable),
            VswitchdControl = Environment.GetEnvironmentVariable(ControlVariable),
            Bridge = BridgeName,
        });
        Tools = new OvsTools(options, NullLogger<OvsTools>.Instance);
        Bridge = new OvsBridgeManager(Tools);
        Programmer = new OvsForwardingGraphProgrammer(Tools, Bridge, NullLogger<OvsForwardingGraphProgrammer>.Instance);
        Tracer = new OvsTracer(Tools);
    }

    public static bool Available => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DatabaseVariable));

    public OvsTools Tools { get; }

    public OvsBridgeManager Bridge { get; }

    public OvsForwardingGraphProgrammer Programmer { get; }

    public OvsTracer Tracer { get; }

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        // A bridge left by an aborted run would carry its old rules: start from nothing.
        await Bridge.DeleteBridgeAsync(CancellationToken.None);
        await Bridge.EnsureBridgeAsync(CancellationToken.None);
        for (var i = 0; i < PortNames.Length; i++)
        {
            var port = await Bridge.EnsurePortAsync(PortNames[i], OvsPortType.Internal, i + 1, CancellationToken.None);
            Assert.Equal(i + 1, port.OfPort);
        }
    }

    /// <summary>Removes every chain's rules, sets every port up and teaches the bridge <see cref="SapOutMac"/> on sap-out.</summary>
    public async Task ResetAsync()
    {
        foreach (var name in PortNames)
        {
            await Bridge.SetPortUpAsync(name, true, CancellationToken.None);
        }

        foreach (var cookie in await Programmer.ListChainCookiesAsync(CancellationToken.None))
        {
            await Programmer.RemoveByCookieAsync(cookie, CancellationToken.None);
        }

        await Tools.AppctlAsync(["fdb/add", BridgeName, "sap-out", "0", SapOutMac], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Available)
        {
            await Bridge.DeleteBridgeAsync(CancellationToken.None);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OvsCollection : ICollectionFixture<OvsBridgeFixture>
{
    public const string Name = "Open vSwitch";
}
