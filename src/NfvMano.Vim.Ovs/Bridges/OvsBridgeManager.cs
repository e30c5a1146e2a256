using System.Globalization;
using System.Text.RegularExpressions;
using NfvMano.Vim.Ovs.Cli;

namespace NfvMano.Vim.Ovs.Bridges;

/// <summary>
/// Keeps the forwarding-graph bridge and its ports as they should be: a user-space (<c>datapath_type=netdev</c>)
/// bridge in <c>fail_mode=secure</c> whose only rule of its own is normal L2 switching at priority 0, and ports
/// looked up by name to the OpenFlow port numbers rules use.
/// </summary>
public sealed partial class OvsBridgeManager
{
    /// <summary>Priority of the bridge's default rule (normal L2 switching for everything no chain steers).</summary>
    public const int DefaultRulePriority = 0;

    private readonly OvsTools _tools;

    /// <summary>Creates the manager.</summary>
    public OvsBridgeManager(OvsTools tools) => _tools = tools;

    /// <summary>The bridge managed.</summary>
    public string Bridge => _tools.Bridge;

    /// <summary>
    /// Creates the bridge when missing and sets it to the user-space datapath and secure fail mode, then makes sure the
    /// default rule exists. Secure mode makes the flow table the only authority: OVS never replaces it with its own
    /// switching when a controller is configured and lost. Idempotent.
    /// </summary>
    public async Task EnsureBridgeAsync(CancellationToken cancellationToken)
    {
        await _tools.VsctlAsync(["--may-exist", "add-br", Bridge, "--", "set", "Bridge", Bridge, "datapath_type=netdev", "fail_mode=secure"], cancellationToken)
            .ConfigureAwait(false);

        // Same match and priority as an existing default rule: add-flow then modifies it in place, so this is idempotent.
        await _tools.OfctlAsync([], "add-flow", [$"cookie=0,table=0,priority={DefaultRulePriority},actions=NORMAL"], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the bridge and all its ports and rules, if it exists.</summary>
    public Task DeleteBridgeAsync(CancellationToken cancellationToken) =>
        _tools.VsctlAsync(["--if-exists", "del-br", Bridge], cancellationToken);

    /// <summary>
    /// Adds the port <paramref name="name"/> to the bridge when it is not there yet, of the given type, asking for
    /// OpenFlow port number <paramref name="ofPortRequest"/> when given, and returns it with the number it got.
    /// Fails with OVS's own reason when the device cannot be opened.
    /// </summary>
    public async Task<OvsPort> EnsurePortAsync(string name, OvsPortType type, int? ofPortRequest, CancellationToken cancellationToken)
    {
        ValidatePortName(name);
        if (ofPortRequest is < 1 or > 65279)
        {
            throw new ArgumentOutOfRangeException(nameof(ofPortRequest), ofPortRequest, "an OpenFlow port number is 1-65279");
        }

        List<string> args = ["--may-exist", "add-port", Bridge, name];
        var settings = new List<string>();
        if (type == OvsPortType.Internal)
        {
            settings.Add("type=internal");
        }

        if (ofPortRequest is { } request)
        {
            settings.Add("ofport_request=" + request.ToString(CultureInfo.InvariantCulture));
        }

        if (settings.Count > 0)
        {
            args.AddRange(["--", "set", "Interface", name, .. settings]);
        }

        await _tools.VsctlAsync(args, cancellationToken).ConfigureAwait(false);
        var ports = await GetPortsAsync([name], cancellationToken).ConfigureAwait(false);
        if (type == OvsPortType.Internal)
        {
            // OVS creates internal ports administratively down; a down port carries nothing and a chain hop spread
            // over several instances skips it.
            await SetPortUpAsync(name, true, cancellationToken).ConfigureAwait(false);
        }

        return ports[name];
    }

    /// <summary>Sets the port administratively up or down (a down instance of a scaled-out hop receives no chain traffic).</summary>
    public async Task SetPortUpAsync(string name, bool up, CancellationToken cancellationToken)
    {
        ValidatePortName(name);
        await _tools.OfctlAsync([], "mod-port", [name, up ? "up" : "down"], null, cancellationToken).ConfigureAwait(false);

        // vswitchd applies the change in its main loop and only then publishes admin_state; the transaction after
        // the wait makes vsctl wait for vswitchd once more, so the next forwarding decision sees the new state
        // (without it a trace right after the change was seen to use the old one).
        var state = up ? "up" : "down";
        await _tools.VsctlAsync(["wait-until", "Interface", name, "admin_state=" + state, "--", "comment", $"port {name} {state}"], cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Removes the port from the bridge if it is there.</summary>
    public Task DeletePortAsync(string name, CancellationToken cancellationToken)
    {
        ValidatePortName(name);
        return _tools.VsctlAsync(["--if-exists", "del-port", Bridge, name], cancellationToken);
    }

    /// <summary>The names of the bridge's ports.</summary>
    public async Task<IReadOnlyList<string>> ListPortsAsync(CancellationToken cancellationToken)
    {
        var output = await _tools.VsctlAsync(["list-ports", Bridge], cancellationToken).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// The port whose interface carries <c>external_ids:iface-id</c> = <paramref name="interfaceId"/>, or null. libvirt
    /// writes the <c>interfaceid</c> of <c>&lt;virtualport type='openvswitch'&gt;&lt;parameters interfaceid='…'/&gt;</c>
    /// there, so a VNF connection point whose id was given as interfaceid is found whatever tap name libvirt chose.
    /// </summary>
    public Task<string?> FindPortByInterfaceIdAsync(string interfaceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interfaceId);
        return FindPortByExternalIdAsync("iface-id", interfaceId, cancellationToken);
    }

    /// <summary>
    /// The port whose interface carries <c>external_ids:attached-mac</c> = <paramref name="mac"/> (any case), or null.
    /// libvirt writes the guest NIC's MAC there when it plugs the tap, so a VNFC port whose MAC the MANO chose is found
    /// whatever tap name libvirt gave it.
    /// </summary>
    public Task<string?> FindPortByMacAsync(string mac, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        if (!MacAddress().IsMatch(mac))
        {
            throw new ArgumentException($"'{mac}' is not a MAC address (xx:xx:xx:xx:xx:xx)", nameof(mac));
        }

        // libvirt writes the MAC in lower case.
        return FindPortByExternalIdAsync("attached-mac", mac.ToLowerInvariant(), cancellationToken);
    }

    private async Task<string?> FindPortByExternalIdAsync(string key, string value, CancellationToken cancellationToken)
    {
        // The value is quoted for OVSDB's own syntax so any character of an id is taken literally.
        var quoted = "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var output = await _tools.VsctlAsync(["--format=csv", "--no-headings", "--columns=name", "find", "Interface", $"external_ids:{key}={quoted}"], cancellationToken)
            .ConfigureAwait(false);
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList();
        var onBridge = (await ListPortsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var mine = names.Where(onBridge.Contains).ToList();
        return mine.Count switch
        {
            0 => null,
            1 => mine[0],
            _ => throw new VimException($"Open vSwitch: ports {string.Join(", ", mine)} on bridge '{Bridge}' all carry {key} '{value}'"),
        };
    }

    /// <summary>
    /// The OpenFlow port numbers of <paramref name="names"/>. Every name that is not on this bridge, or that OVS could
    /// not open (no number), is reported in one <see cref="VimException"/> with the interface's error.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, OvsPort>> GetPortsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var onBridge = (await _tools.VsctlAsync(["list-ifaces", Bridge], cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var rows = await _tools.VsctlAsync(["--format=csv", "--no-headings", "--columns=name,ofport,error", "list", "Interface"], cancellationToken)
            .ConfigureAwait(false);
        var interfaces = new Dictionary<string, (string OfPort, string Error)>(StringComparer.Ordinal);
        foreach (var line in rows.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = CsvRow().Match(line);
            if (match.Success)
            {
                interfaces[Unquote(match.Groups["name"].Value)] = (match.Groups["ofport"].Value, Unquote(match.Groups["error"].Value));
            }
        }

        var found = new Dictionary<string, OvsPort>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!onBridge.Contains(name))
            {
                problems.Add($"port '{name}' is not on bridge '{Bridge}'");
            }
            else if (!interfaces.TryGetValue(name, out var row) || !int.TryParse(row.OfPort, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ofPort) || ofPort <= 0)
            {
                var error = interfaces.TryGetValue(name, out var r) && r.Error is { Length: > 0 } and not "[]" ? r.Error : "no error recorded";
                problems.Add($"port '{name}' on bridge '{Bridge}' has no OpenFlow port number ({error})");
            }
            else
            {
                found[name] = new OvsPort(name, ofPort);
            }
        }

        return problems.Count == 0 ? found : throw new VimException($"Open vSwitch: {string.Join("; ", problems)}");
    }

    /// <summary>Throws when <paramref name="name"/> cannot be an OVS interface name (a Linux interface name).</summary>
    internal static void ValidatePortName(string name)
    {
        if (string.IsNullOrEmpty(name) || !PortName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid port name: 1-15 letters, digits, '_', '.' or '-'", nameof(name));
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : value;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$")]
    private static partial Regex PortName();

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacAddress();

    // name,ofport,error where the error may be a quoted CSV string with commas inside.
    [GeneratedRegex("^(?<name>\"(?:[^\"]|\"\")*\"|[^,]*),(?<ofport>[^,]*),(?<error>.*)$")]
    private static partial Regex CsvRow();
}
