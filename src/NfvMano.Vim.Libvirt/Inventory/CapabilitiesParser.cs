using System.Globalization;
using System.Xml.Linq;
using NfvMano.Vim.Inventory;

namespace NfvMano.Vim.Libvirt.Inventory;

/// <summary>Reads NUMA cells, CPUs with SMT siblings, memory and page pools from libvirt capabilities XML.</summary>
internal static class CapabilitiesParser
{
    /// <summary>Parses the cells; page counts are taken as free (callers overwrite them with live counts where they can).</summary>
    /// <param name="capabilitiesXml">The XML of <c>virConnectGetCapabilities</c> or a file of that format.</param>
    /// <param name="source">Where the XML came from, for error messages.</param>
    internal static IReadOnlyList<NumaCell> ParseCells(string capabilitiesXml, string source)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(capabilitiesXml);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new VimException($"capabilities XML from {source} is not well-formed: {ex.Message}", ex);
        }

        var host = doc.Root?.Element("host")
            ?? throw new VimException($"capabilities XML from {source} has no /capabilities/host element.");
        var cells = host.Element("topology")?.Element("cells")?.Elements("cell") ?? [];
        var result = new List<NumaCell>();
        foreach (var cell in cells)
        {
            var id = IntAttr(cell, "id", source);
            var memory = cell.Element("memory");
            var memoryKiB = memory is null ? 0 : ToKiB(long.Parse(memory.Value, CultureInfo.InvariantCulture), (string?)memory.Attribute("unit"), source);
            var cpus = (cell.Element("cpus")?.Elements("cpu") ?? [])
                .Select(c => new HostCpu(
                    IntAttr(c, "id", source),
                    (int?)c.Attribute("socket_id") ?? 0,
                    (int?)c.Attribute("core_id") ?? IntAttr(c, "id", source),
                    c.Attribute("siblings") is { } s ? ParseCpuList(s.Value, source) : [IntAttr(c, "id", source)]))
                .OrderBy(c => c.Id)
                .ToList();
            var pages = cell.Elements("pages")
                .Select(p =>
                {
                    var size = ToKiB(long.Parse((string?)p.Attribute("size") ?? "0", CultureInfo.InvariantCulture), (string?)p.Attribute("unit"), source);
                    var count = string.IsNullOrWhiteSpace(p.Value) ? 0 : long.Parse(p.Value, CultureInfo.InvariantCulture);
                    return new PagePool(size, count, count);
                })
                .OrderBy(p => p.SizeKiB)
                .ToList();
            result.Add(new NumaCell(id, memoryKiB, cpus, pages));
        }

        return result.OrderBy(c => c.Id).ToList();
    }

    /// <summary>Parses a libvirt CPU list such as <c>0-3,8,10-11</c> (also <c>^n</c> exclusions).</summary>
    internal static IReadOnlyList<int> ParseCpuList(string text, string source)
    {
        var included = new SortedSet<int>();
        var excluded = new HashSet<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = raw.StartsWith('^');
            var part = negate ? raw[1..] : raw;
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (!(dash < 0
                    ? int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var first) && SetLast(first, out var last)
                    : int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out first)
                      && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out last))
                || last < first)
            {
                throw new VimException($"CPU list '{text}' from {source} is malformed at '{raw}'.");
            }

            for (var cpu = first; cpu <= last; cpu++)
            {
                (negate ? (ISet<int>)excluded : included).Add(cpu);
            }
        }

        return included.Where(c => !excluded.Contains(c)).ToList();

        static bool SetLast(int value, out int last)
        {
            last = value;
            return true;
        }
    }

    private static int IntAttr(XElement element, string name, string source) =>
        (int?)element.Attribute(name)
        ?? throw new VimException($"capabilities XML from {source}: <{element.Name}> lacks the '{name}' attribute.");

    private static long ToKiB(long value, string? unit, string source) => (unit ?? "KiB") switch
    {
        "b" or "bytes" => value / 1024,
        "KiB" or "k" => value,
        "MiB" or "M" => value * 1024,
        "GiB" or "G" => value * 1024 * 1024,
        _ => throw new VimException($"capabilities XML from {source} uses the unknown unit '{unit}'."),
    };
}
