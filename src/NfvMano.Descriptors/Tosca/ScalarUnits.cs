using System.Globalization;
using System.Text.RegularExpressions;

namespace NfvMano.Descriptors.Tosca;

/// <summary>TOSCA scalar-unit values (size, time, frequency, bitrate) normalised to base units.</summary>
public static partial class ScalarUnits
{
    private static readonly Dictionary<string, double> SizeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1, ["kB"] = 1e3, ["KiB"] = 1024, ["MB"] = 1e6, ["MiB"] = 1024d * 1024, ["GB"] = 1e9, ["GiB"] = 1024d * 1024 * 1024,
        ["TB"] = 1e12, ["TiB"] = 1024d * 1024 * 1024 * 1024,
    };

    private static readonly Dictionary<string, double> TimeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["d"] = 86400, ["h"] = 3600, ["m"] = 60, ["s"] = 1, ["ms"] = 1e-3, ["us"] = 1e-6, ["ns"] = 1e-9,
    };

    private static readonly Dictionary<string, double> FrequencyUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Hz"] = 1, ["kHz"] = 1e3, ["MHz"] = 1e6, ["GHz"] = 1e9,
    };

    private static readonly Dictionary<string, double> BitrateUnits = new(StringComparer.Ordinal)
    {
        ["bps"] = 1, ["Kbps"] = 1e3, ["Kibps"] = 1024, ["Mbps"] = 1e6, ["Mibps"] = 1024d * 1024, ["Gbps"] = 1e9, ["Gibps"] = 1024d * 1024 * 1024,
        ["Tbps"] = 1e12, ["Tibps"] = 1024d * 1024 * 1024 * 1024, ["Bps"] = 8, ["KBps"] = 8e3, ["MBps"] = 8e6, ["GBps"] = 8e9,
    };

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ScalarPattern();

    /// <summary>Parses a size such as <c>4 GiB</c> into bytes.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (!TryParse(text, SizeUnits, out var value) || value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)Math.Round(value);
        return true;
    }

    internal static bool TryParse(string type, string text, out double value) => type switch
    {
        "scalar-unit.size" => TryParse(text, SizeUnits, out value),
        "scalar-unit.time" => TryParse(text, TimeUnits, out value),
        "scalar-unit.frequency" => TryParse(text, FrequencyUnits, out value),
        "scalar-unit.bitrate" => TryParse(text, BitrateUnits, out value),
        _ => Fail(out value),
    };

    /// <summary>Parses a frequency such as <c>2.4 GHz</c> into hertz.</summary>
    public static bool TryParseFrequency(string text, out double hertz) => TryParse(text, FrequencyUnits, out hertz);

    private static bool Fail(out double value)
    {
        value = 0;
        return false;
    }

    private static bool TryParse(string text, Dictionary<string, double> units, out double value)
    {
        value = 0;
        var match = ScalarPattern().Match(text);
        if (!match.Success || !units.TryGetValue(match.Groups[2].Value, out var factor))
        {
            return false;
        }

        value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
        return double.IsFinite(value);
    }
}
