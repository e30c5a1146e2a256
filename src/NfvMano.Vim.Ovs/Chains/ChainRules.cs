using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NfvMano.Vim.Ovs.Bridges;

namespace NfvMano.Vim.Ovs.Chains;

/// <summary>
/// Turns a <see cref="ForwardingChain"/> into OpenFlow rules (<c>ovs-ofctl</c> flow syntax), without any I/O.
/// All rules live in table 0 at priority <see cref="BasePriority"/> + precedence, above the bridge's default
/// normal switching at priority 0, and carry the chain's cookie:
/// <list type="bullet">
/// <item>at the ingress SAP: <c>in_port=SAP + classifier → output:hop1-in</c>;</item>
/// <item>after each hop: <c>in_port=hopN-out + classifier (L3/L4 part) → output:hopN+1-in</c>, the last to the egress SAP.</item>
/// </list>
/// The hop rules repeat the classifier so that a VNF shared by several chains (or sending other traffic, such as its
/// own ARP) is steered per chain and the rest is switched normally. They leave out the Ethernet fields (MAC addresses,
/// VLAN) because a routing VNF rewrites them.
/// </summary>
public static partial class ChainRules
{
    /// <summary>Priority of a chain of precedence 0; the bridge's default rule is at 0.</summary>
    public const int BasePriority = 20000;

    /// <summary>Largest precedence a chain may ask for.</summary>
    public const int MaxPrecedence = 9999;

    /// <summary>
    /// Every problem of the chain that can be seen without the switch (ids, port names, classifiers), each saying
    /// where; empty when the chain is well formed.
    /// </summary>
    public static IReadOnlyList<string> Validate(ForwardingChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(chain.ChainId))
        {
            problems.Add("the chain id is empty");
        }

        if (chain.Precedence is < 0 or > MaxPrecedence)
        {
            problems.Add($"precedence {chain.Precedence} is outside 0-{MaxPrecedence}");
        }

        if (chain.Hops is null || chain.Hops.Count == 0)
        {
            problems.Add("a chain needs at least one hop");
        }

        if (chain.Classifiers is null || chain.Classifiers.Count == 0)
        {
            problems.Add("a chain needs at least one classifier (an empty classifier steers everything)");
        }

        // Each port has one role: a port in two roles would make two rules with the same in_port compete.
        var roles = new List<(string Role, string? Port)> { ("ingress", chain.IngressPort), ("egress", chain.EgressPort) };
        for (var i = 0; i < (chain.Hops?.Count ?? 0); i++)
        {
            var instances = chain.Hops![i]?.Instances ?? [];
            if (instances.Count == 0)
            {
                problems.Add($"hop {i + 1} has no instance");
            }

            for (var k = 0; k < instances.Count; k++)
            {
                var where = instances.Count == 1 ? $"hop {i + 1}" : $"hop {i + 1} instance {k + 1}";
                roles.Add(($"{where} ingress", instances[k]?.IngressPort));
                if (instances[k]?.EgressPort != instances[k]?.IngressPort)
                {
                    roles.Add(($"{where} egress", instances[k]?.EgressPort));
                }
            }
        }

        foreach (var (role, port) in roles)
        {
            if (port is null || !IsPortName(port))
            {
                problems.Add($"{role} port '{port}' is not a valid port name (1-15 letters, digits, '_', '.' or '-')");
            }
        }

        foreach (var clash in roles.Where(r => r.Port is not null).GroupBy(r => r.Port, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"port '{clash.Key}' is used as {string.Join(" and ", clash.Select(r => r.Role))}");
        }

        for (var i = 0; i < (chain.Classifiers?.Count ?? 0); i++)
        {
            var where = $"classifier {i + 1}";
            if (chain.Classifiers![i] is not { } classifier)
            {
                problems.Add($"{where} is null");
                continue;
            }

            TranslateClassifier(classifier, includeLayer2: true, where, problems);
        }

        return problems;
    }

    /// <summary>
    /// The rules of <paramref name="chain"/> given the OpenFlow port number of each of its ports, in a stable order.
    /// Throws <see cref="InvalidChainException"/> listing every problem.
    /// </summary>
    public static IReadOnlyList<string> Build(ForwardingChain chain, IReadOnlyDictionary<string, OvsPort> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var problems = Validate(chain).ToList();
        IReadOnlyList<ChainHop> hops = chain.Hops ?? [];
        problems.AddRange(PortNames(chain).Where(p => !ports.ContainsKey(p)).Select(p => $"no OpenFlow port number for port '{p}'"));
        if (problems.Count > 0)
        {
            throw new InvalidChainException(chain.ChainId ?? "", problems);
        }

        var head = $"cookie={ChainCookie.Format(ChainCookie.For(chain.ChainId))},table=0,priority={BasePriority + chain.Precedence}";
        var rules = new List<string>();
        var steps = new List<(string From, string Action, bool AtIngress)> { (chain.IngressPort, SendTo(hops[0].Instances.Select(p => p.IngressPort), ports), true) };
        for (var i = 0; i < hops.Count; i++)
        {
            var next = i + 1 < hops.Count ? hops[i + 1].Instances.Select(p => p.IngressPort) : [chain.EgressPort];
            var action = SendTo(next, ports);
            steps.AddRange(hops[i].Instances.Select(p => (p.EgressPort, action, false)));
        }

        foreach (var (from, action, atIngress) in steps)
        {
            var inPort = ports[from].OfPort.ToString(CultureInfo.InvariantCulture);
            foreach (var match in chain.Classifiers.SelectMany(c => Matches(c, includeLayer2: atIngress)).Distinct(StringComparer.Ordinal))
            {
                rules.Add($"{head},in_port={inPort}{(match.Length > 0 ? "," + match : "")},actions={action}");
            }
        }

        return rules;
    }

    /// <summary>Every bridge port the chain uses, each once, in chain order.</summary>
    public static IReadOnlyList<string> PortNames(ForwardingChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var names = new List<string?> { chain.IngressPort };
        names.AddRange((chain.Hops ?? []).SelectMany(h => h?.Instances ?? []).SelectMany(p => new[] { p?.IngressPort, p?.EgressPort }));
        names.Add(chain.EgressPort);
        return names.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Output to one port, or spread over several with the <c>bundle</c> action: a symmetric L4 hash (both directions of
    /// a connection hash alike) and highest-random-weight choice, so scaling a hop in or out moves only the flows of the
    /// instance that came or went, and only members whose link is up are chosen.
    /// </summary>
    private static string SendTo(IEnumerable<string> targets, IReadOnlyDictionary<string, OvsPort> ports)
    {
        var numbers = targets.Select(t => ports[t].OfPort.ToString(CultureInfo.InvariantCulture)).ToList();
        return numbers.Count == 1 ? "output:" + numbers[0] : $"bundle(symmetric_l4,0,hrw,ofport,members:{string.Join(',', numbers)})";
    }

    /// <summary>
    /// The OpenFlow match fields of a classifier, one string per rule needed (port ranges and VLAN lists multiply);
    /// Ethernet fields only when <paramref name="includeLayer2"/>. Throws <see cref="InvalidChainException"/> when the
    /// classifier is not valid.
    /// </summary>
    public static IReadOnlyList<string> Matches(FlowClassifier classifier, bool includeLayer2 = true)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var problems = new List<string>();
        var matches = TranslateClassifier(classifier, includeLayer2, "classifier", problems);
        return problems.Count == 0 ? matches : throw new InvalidChainException("classifier", problems);
    }

    private static List<string> TranslateClassifier(FlowClassifier c, bool includeLayer2, string where, List<string> problems)
    {
        var before = problems.Count;
        var source = ParsePrefix(c.SourceIpPrefix, $"{where}: source IP prefix", problems);
        var destination = ParsePrefix(c.DestinationIpPrefix, $"{where}: destination IP prefix", problems);

        AddressFamily? family = null;
        var etherType = c.EtherType?.Trim().ToLowerInvariant();
        switch (etherType)
        {
            case null or "":
                break;
            case "ipv4" or "ip" or "0x0800":
                family = AddressFamily.InterNetwork;
                break;
            case "ipv6" or "0x86dd":
                family = AddressFamily.InterNetworkV6;
                break;
            default:
                problems.Add($"{where}: ether type '{c.EtherType}' is not ipv4 or ipv6");
                break;
        }

        foreach (var (prefix, name) in new[] { (source, "source"), (destination, "destination") })
        {
            if (prefix is { } p)
            {
                if (family is { } f && p.BaseAddress.AddressFamily != f)
                {
                    problems.Add($"{where}: {name} IP prefix {p} is not {(f == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} as the ether type says");
                }

                family ??= p.BaseAddress.AddressFamily;
            }
        }

        if (source is { } s && destination is { } d && s.BaseAddress.AddressFamily != d.BaseAddress.AddressFamily)
        {
            problems.Add($"{where}: source prefix {s} and destination prefix {d} are of different IP versions");
        }

        var protocol = c.Protocol?.Trim().ToLowerInvariant();
        var hasPorts = c.SourcePorts is not null || c.DestinationPorts is not null;
        var needsIp = protocol is { Length: > 0 } || c.Dscp is not null || hasPorts || family is not null;
        var v6 = family == AddressFamily.InterNetworkV6;
        string? l3 = null;
        if (needsIp)
        {
            l3 = protocol switch
            {
                null or "" => v6 ? "ipv6" : "ip",
                "tcp" or "6" => v6 ? "tcp6" : "tcp",
                "udp" or "17" => v6 ? "udp6" : "udp",
                "sctp" or "132" => v6 ? "sctp6" : "sctp",
                "icmp" or "1" when !v6 => "icmp",
                "icmp" or "icmpv6" or "58" when v6 => "icmp6",
                _ when int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 255 =>
                    (v6 ? "ipv6" : "ip") + ",nw_proto=" + n.ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (l3 is null)
            {
                problems.Add($"{where}: protocol '{c.Protocol}' is not tcp, udp, sctp, icmp or a number 0-255");
            }
        }

        if (hasPorts && l3 is not null && !(l3.StartsWith("tcp", StringComparison.Ordinal) || l3.StartsWith("udp", StringComparison.Ordinal) || l3.StartsWith("sctp", StringComparison.Ordinal)))
        {
            problems.Add($"{where}: port ranges need protocol tcp, udp or sctp, not '{c.Protocol ?? "(none)"}'");
        }

        var sourcePorts = CheckRange(c.SourcePorts, $"{where}: source port range", problems);
        var destinationPorts = CheckRange(c.DestinationPorts, $"{where}: destination port range", problems);

        if (c.Dscp is < 0 or > 63)
        {
            problems.Add($"{where}: DSCP {c.Dscp} is outside 0-63");
        }

        foreach (var vlan in c.VlanIds ?? [])
        {
            if (vlan is < 0 or > 4095)
            {
                problems.Add($"{where}: VLAN id {vlan} is outside 0-4095");
            }
        }

        var etherSource = CheckMac(c.EtherSource, $"{where}: ether source address", problems);
        var etherDestination = CheckMac(c.EtherDestination, $"{where}: ether destination address", problems);
        if (problems.Count > before)
        {
            return [];
        }

        var fixedFields = new List<string>();
        if (l3 is not null)
        {
            fixedFields.Add(l3);
        }

        if (includeLayer2)
        {
            if (etherSource is not null)
            {
                fixedFields.Add("dl_src=" + etherSource);
            }

            if (etherDestination is not null)
            {
                fixedFields.Add("dl_dst=" + etherDestination);
            }
        }

        var srcField = v6 ? "ipv6_src" : "nw_src";
        var dstField = v6 ? "ipv6_dst" : "nw_dst";
        if (source is { PrefixLength: > 0 } src)
        {
            fixedFields.Add($"{srcField}={src}");
        }

        if (destination is { PrefixLength: > 0 } dst)
        {
            fixedFields.Add($"{dstField}={dst}");
        }

        if (c.Dscp is { } dscp)
        {
            fixedFields.Add("ip_dscp=" + dscp.ToString(CultureInfo.InvariantCulture));
        }

        var baseMatch = string.Join(',', fixedFields);
        IEnumerable<string> combos = [baseMatch];
        if (includeLayer2 && c.VlanIds is { Count: > 0 } vlans)
        {
            combos = combos.SelectMany(m => vlans.Distinct().Order().Select(v => Join(m, "dl_vlan=" + v.ToString(CultureInfo.InvariantCulture))));
        }

        // Named after the protocol: the flow-mod parser takes the legacy tp_src/tp_dst for any of them, but the
        // ofproto/trace parser (and OVS's own field list) ties tp_* to TCP.
        var transport = l3 is { } t && (t.StartsWith("tcp", StringComparison.Ordinal) || t.StartsWith("udp", StringComparison.Ordinal) || t.StartsWith("sctp", StringComparison.Ordinal))
            ? t.TrimEnd('6')
            : "tp";
        combos = Expand(combos, transport + "_src", sourcePorts);
        combos = Expand(combos, transport + "_dst", destinationPorts);
        return combos.ToList();
    }

    private static IEnumerable<string> Expand(IEnumerable<string> matches, string field, PortRange? range) =>
        range is not { IsEverything: false } r
            ? matches
            : matches.SelectMany(m => r.ToMaskedValues().Select(b => Join(m, b.Mask == 0xFFFF
                ? $"{field}={b.Value.ToString(CultureInfo.InvariantCulture)}"
                : $"{field}=0x{b.Value.ToString("x", CultureInfo.InvariantCulture)}/0x{b.Mask.ToString("x", CultureInfo.InvariantCulture)}"))).ToList();

    private static string Join(string match, string field) => match.Length == 0 ? field : match + "," + field;

    private static IPNetwork? ParsePrefix(string? text, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        // IPAddress also takes shorthand like "10.1" (10.0.0.1) and scope ids: only the dotted quad and plain IPv6 are prefixes.
        if (!IPAddress.TryParse(addressText, out var address) || address.ToString().Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            problems.Add($"{what} '{text}' is not an IP prefix in CIDR form (like 10.0.0.0/24)");
            return null;
        }

        // A bare address means that host.
        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = maxLength;
        if (slash >= 0 && (!int.TryParse(trimmed[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maxLength))
        {
            problems.Add($"{what} '{text}' has no prefix length 0-{maxLength} after the '/'");
            return null;
        }

        // IPNetwork would quietly clear host bits; a typo like 10.0.0.5/24 would then steer the whole network.
        if (!HostBitsAreZero(address, length))
        {
            problems.Add($"{what} '{text}' has host bits set after the /{length} prefix (write the network address)");
            return null;
        }

        return new IPNetwork(address, length);
    }

    private static bool HostBitsAreZero(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static PortRange? CheckRange(PortRange? range, string what, List<string> problems)
    {
        if (range is not { } r)
        {
            return null;
        }

        if (r.Lower is < 0 or > 65535 || r.Upper is < 0 or > 65535)
        {
            problems.Add($"{what} {r.Lower}-{r.Upper} is outside 0-65535");
            return null;
        }

        if (r.Lower > r.Upper)
        {
            problems.Add($"{what} {r.Lower}-{r.Upper} is inverted (the lower bound is above the upper)");
            return null;
        }

        return r;
    }

    private static string? CheckMac(string? mac, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(mac))
        {
            return null;
        }

        if (!MacAddress().IsMatch(mac.Trim()))
        {
            problems.Add($"{what} '{mac}' is not a MAC address like 02:00:00:00:00:01");
            return null;
        }

        return mac.Trim().ToLowerInvariant().Replace('-', ':');
    }

    private static bool IsPortName(string name) => PortName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$")]
    private static partial Regex PortName();

    [GeneratedRegex("^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacAddress();
}
