using System.Xml.Linq;

namespace NfvMano.Vim.Libvirt.Storage;

/// <summary>Storage pool and volume XML.</summary>
internal static class VolumeXmlBuilder
{
    internal static string DirectoryPool(string name, string path) => new XElement(
        "pool",
        new XAttribute("type", "dir"),
        new XElement("name", name),
        new XElement("target", new XElement("path", path))).ToString();

    /// <summary>A qcow2 volume, optionally a copy-on-write overlay of a base image.</summary>
    internal static string Volume(string name, long capacityBytes, string? backingPath, string? backingFormat) => new XElement(
        "volume",
        new XElement("name", name),
        new XElement("capacity", new XAttribute("unit", "bytes"), capacityBytes),
        new XElement("allocation", new XAttribute("unit", "bytes"), 0),
        new XElement("target", new XElement("format", new XAttribute("type", "qcow2"))),
        backingPath is null
            ? null
            : new XElement("backingStore", new XElement("path", backingPath), new XElement("format", new XAttribute("type", backingFormat ?? "qcow2")))).ToString();

    /// <summary>A volume that will receive an image file's bytes.</summary>
    internal static string Image(string name, long sizeBytes, string format) => new XElement(
        "volume",
        new XElement("name", name),
        new XElement("capacity", new XAttribute("unit", "bytes"), sizeBytes),
        new XElement("allocation", new XAttribute("unit", "bytes"), 0),
        new XElement("target", new XElement("format", new XAttribute("type", format)))).ToString();

    /// <summary>The format of a volume from its XML (<c>target/format/@type</c>).</summary>
    internal static string? FormatOf(string volumeXml) =>
        (string?)XElement.Parse(volumeXml).Element("target")?.Element("format")?.Attribute("type");
}
