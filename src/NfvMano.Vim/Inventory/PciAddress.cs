using System.Globalization;

namespace NfvMano.Vim.Inventory;

/// <summary>A PCI address (domain, bus, slot, function), written <c>dddd:bb:ss.f</c>.</summary>
public readonly record struct PciAddress(int Domain, int Bus, int Slot, int Function)
{
    /// <summary>Parses <c>dddd:bb:ss.f</c> (hexadecimal, as <c>lspci -D</c> prints it).</summary>
    /// <exception cref="FormatException">The text is not a PCI address.</exception>
    public static PciAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', '.');
        if (parts.Length != 4
            || !int.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var domain)
            || !int.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bus)
            || !int.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var slot)
            || !int.TryParse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var function)
            || bus > 0xff || slot > 0x1f || function > 7)
        {
            throw new FormatException($"'{text}' is not a PCI address of the form dddd:bb:ss.f.");
        }

        return new PciAddress(domain, bus, slot, function);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x1}");
}
