using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NfvMano.Vim.Ovs.Chains;

/// <summary>
/// The OpenFlow cookie of a chain's rules: the top 16 bits say "NfvMano chain" (0x4E46, "NF"), the low 48 bits are
/// the start of the SHA-256 of the chain id. So one chain's rules are deleted with an exact cookie match, all chains'
/// with the prefix, and the bridge's own rules (cookie 0) are never touched. 48 bits make an accidental collision
/// between two chains negligible (about 1 in 10^7 with 5,000 chains on one bridge).
/// </summary>
public static class ChainCookie
{
    /// <summary>Top 16 bits of every chain cookie.</summary>
    public const ulong Prefix = 0x4E46_0000_0000_0000UL;

    /// <summary>Mask selecting the prefix.</summary>
    public const ulong PrefixMask = 0xFFFF_0000_0000_0000UL;

    /// <summary>The cookie of <paramref name="chainId"/>.</summary>
    public static ulong For(string chainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(chainId), hash);
        return Prefix | (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 16);
    }

    /// <summary>The cookie of a chain identified by a GUID (its <c>D</c> form, lower case).</summary>
    public static ulong For(Guid chainId) => For(chainId.ToString("D"));

    /// <summary>True when <paramref name="cookie"/> belongs to a chain rule.</summary>
    public static bool IsChainCookie(ulong cookie) => (cookie & PrefixMask) == Prefix;

    /// <summary>The cookie as OpenFlow tools write it (<c>0x4e46…</c>).</summary>
    public static string Format(ulong cookie) => "0x" + cookie.ToString("x16", CultureInfo.InvariantCulture);
}
