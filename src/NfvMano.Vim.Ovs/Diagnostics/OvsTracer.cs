using System.Globalization;
using System.Text.RegularExpressions;
using NfvMano.Vim.Ovs.Cli;

namespace NfvMano.Vim.Ovs.Diagnostics;

/// <summary>
/// Asks <c>ovs-vswitchd</c> where a packet would go (<c>ofproto/trace</c>) without sending one: a real check of a
/// steering rule set, including the bridge's normal switching for what no chain takes.
/// </summary>
public sealed partial class OvsTracer
{
    private readonly OvsTools _tools;

    /// <summary>Creates the tracer.</summary>
    public OvsTracer(OvsTools tools) => _tools = tools;

    /// <summary>
    /// Traces a packet described in <c>ovs-ofctl</c> flow syntax (<c>in_port=sap-in,tcp,nw_src=10.0.0.5,tp_dst=80</c>)
    /// through the bridge, and names the ports it would leave by.
    /// </summary>
    public async Task<OvsTrace> TraceAsync(string packet, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packet);
        var text = await _tools.AppctlAsync(["ofproto/trace", _tools.Bridge, packet], cancellationToken).ConfigureAwait(false);
        var actionsLine = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("Datapath actions:", StringComparison.Ordinal))
            ?? throw new OvsCommandException($"ofproto/trace of '{packet}' printed no 'Datapath actions' line:\n{text}");
        var actions = actionsLine["Datapath actions:".Length..].Trim();

        var names = await DatapathPortNamesAsync(cancellationToken).ConfigureAwait(false);
        var outputs = new List<string>();
        foreach (var action in SplitTopLevel(actions))
        {
            // A bare number is "output to datapath port N"; everything else (set, push_vlan, drop…) is not an output.
            if (int.TryParse(action, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                outputs.Add(names.TryGetValue(port, out var name) ? name : $"datapath port {port}");
            }
        }

        var cookies = CookieLine().Matches(text)
            .Select(m => ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToList();
        return new OvsTrace(outputs, cookies, actions, text);
    }

    /// <summary>Datapath port number → port name, from <c>dpif/show</c> (lines like <c>r-in 2/3: (tap)</c>).</summary>
    private async Task<Dictionary<int, string>> DatapathPortNamesAsync(CancellationToken cancellationToken)
    {
        var text = await _tools.AppctlAsync(["dpif/show"], cancellationToken).ConfigureAwait(false);
        var names = new Dictionary<int, string>();
        foreach (Match m in DpifPort().Matches(text))
        {
            names[int.Parse(m.Groups["dp"].Value, CultureInfo.InvariantCulture)] = m.Groups["name"].Value;
        }

        return names;
    }

    private static IEnumerable<string> SplitTopLevel(string actions)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < actions.Length; i++)
        {
            switch (actions[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return actions[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }

        yield return actions[start..].Trim();
    }

    [GeneratedRegex(@"^\s+(?<name>\S+) (?:\d+|LOCAL)/(?<dp>\d+):", RegexOptions.Multiline)]
    private static partial Regex DpifPort();

    [GeneratedRegex(@"cookie 0x([0-9a-fA-F]+)")]
    private static partial Regex CookieLine();
}
