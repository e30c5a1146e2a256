using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NfvMano.Vim.Networks;

/// <summary>One virtual link's L3 wish: the IP version and, when the descriptor gives one, its range.</summary>
/// <param name="LinkId">The virtual link.</param>
/// <param name="IpVersion">4 or 6.</param>
/// <param name="Cidr">The descriptor's range, or null to allocate one.</param>
public sealed record SubnetWish(string LinkId, int IpVersion, string? Cidr);

/// <summary>
/// Gives every virtual link of one VNF a subnet: the descriptor's range where it states one, else a deterministic one
/// (the same on every retry and every VIM) that overlaps no other link of the VNF. A VNFC with ports on two links must
/// not see one range behind two interfaces, so one range shared by all links (however simple) will not do.
/// </summary>
public static class SubnetPlan
{
    /// <summary>IPv4 links without a range get the /24s of this private block, in link-id order.</summary>
    public const string Ipv4Pool = "172.16.0.0/12";

    /// <summary>IPv6 links without a range get the /64s of this unique-local block, in link-id order.</summary>
    public const string Ipv6Pool = "fd6e:6676:6d00::/48";

    /// <summary>The range of every link, by link id.</summary>
    /// <exception cref="VimException">A given range does not parse, disagrees with its IP version, or the pool ran out.</exception>
    public static IReadOnlyDictionary<string, string> Allocate(IReadOnlyList<SubnetWish> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var given = new List<IPNetwork>();
        foreach (var link in links.Where(l => l.Cidr is not null))
        {
            if (!IPNetwork.TryParse(link.Cidr, out var network))
            {
                throw new VimException($"virtual link '{link.LinkId}': '{link.Cidr}' is not a CIDR range.");
            }

            var family = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;
            if (family != link.IpVersion)
            {
                throw new VimException($"virtual link '{link.LinkId}': '{link.Cidr}' is an IPv{family} range but ip_version says IPv{link.IpVersion}.");
            }

            given.Add(network);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = new Dictionary<int, int> { [4] = 0, [6] = 0 };
        foreach (var link in links.OrderBy(l => l.LinkId, StringComparer.Ordinal))
        {
            if (link.Cidr is not null)
            {
                result[link.LinkId] = IPNetwork.Parse(link.Cidr).ToString();
                continue;
            }

            while (true)
            {
                var candidate = Nth(link.IpVersion, next[link.IpVersion]++)
                    ?? throw new VimException($"virtual link '{link.LinkId}': no free IPv{link.IpVersion} range left in {(link.IpVersion == 6 ? Ipv6Pool : Ipv4Pool)}.");
                if (!given.Any(g => Overlaps(g, candidate)))
                {
                    given.Add(candidate);
                    result[link.LinkId] = candidate.ToString();
                    break;
                }
            }
        }

        return result;
    }

    private static IPNetwork? Nth(int ipVersion, int index)
    {
        if (ipVersion == 6)
        {
            return index > 0xffff ? null : IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"fd6e:6676:6d00:{index:x}::/64"));
        }

        // 172.16.0.0/12 holds 4096 /24s.
        return index >= 4096 ? null : IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"172.{16 + (index >> 8)}.{index & 0xff}.0/24"));
    }

    private static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    /// <summary>The IP version a descriptor's <c>ip_version</c> (<c>ipv4</c>, <c>ipv6</c>, <c>4</c>, <c>6</c>) or a range says.</summary>
    public static int IpVersionOf(string? ipVersion, string? cidr) =>
        ipVersion?.Trim().ToLowerInvariant() switch
        {
            "ipv6" or "6" => 6,
            "ipv4" or "4" => 4,
            _ => cidr is not null && cidr.Contains(':', StringComparison.Ordinal) ? 6 : 4,
        };
}
