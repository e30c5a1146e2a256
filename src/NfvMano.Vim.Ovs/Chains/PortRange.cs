namespace NfvMano.Vim.Ovs.Chains;

/// <summary>An inclusive range of TCP/UDP/SCTP ports (SOL001 <c>source_port_range</c> / <c>destination_port_range</c>).</summary>
/// <param name="Lower">First port.</param>
/// <param name="Upper">Last port.</param>
public readonly record struct PortRange(int Lower, int Upper)
{
    /// <summary>A single port.</summary>
    public static PortRange Single(int port) => new(port, port);

    /// <summary>True when the range covers every port, so it matches nothing in particular.</summary>
    public bool IsEverything => Lower == 0 && Upper == 65535;

    /// <inheritdoc/>
    public override string ToString() => Lower == Upper ? $"{Lower}" : $"{Lower}-{Upper}";

    /// <summary>
    /// The range as the fewest value/mask pairs OpenFlow can match (it has no range match): each pair covers an aligned
    /// power-of-two block, and the blocks together cover exactly the range. 80-443 needs 8 of them, 1024-65535 six.
    /// </summary>
    public IReadOnlyList<(int Value, int Mask)> ToMaskedValues()
    {
        if (Lower < 0 || Upper > 65535 || Lower > Upper)
        {
            throw new InvalidOperationException($"port range {this} is not within 0-65535 in ascending order");
        }

        var blocks = new List<(int, int)>();
        var next = Lower;
        while (next <= Upper)
        {
            // The largest block starting at 'next' is limited by its alignment and by what is left of the range.
            var size = next == 0 ? 65536 : next & -next;
            while (next + size - 1 > Upper)
            {
                size >>= 1;
            }

            blocks.Add((next, 0xFFFF & ~(size - 1)));
            next += size;
        }

        return blocks;
    }
}
