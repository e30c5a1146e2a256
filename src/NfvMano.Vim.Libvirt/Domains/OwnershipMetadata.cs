using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using NfvMano.Vim.Servers;

namespace NfvMano.Vim.Libvirt.Domains;

/// <summary>Our record inside a domain's <c>&lt;metadata&gt;</c>: who owns it and which volumes go with it.</summary>
internal sealed record OwnershipMetadata(ServerOwner Owner, string ManagerVersion, IReadOnlyList<(string Pool, string Volume)> OwnedVolumes)
{
    /// <summary>The XML namespace of our metadata element.</summary>
    internal const string NamespaceUri = "http://nfvmano.org/xmlns/libvirt/1.0";

    internal const string Prefix = "nfv";

    private static readonly XNamespace Ns = NamespaceUri;

    internal XElement ToXml() => new(
        Ns + "server",
        new XAttribute(XNamespace.Xmlns + Prefix, NamespaceUri),
        new XElement(Ns + "vnfInstanceId", Owner.VnfInstanceId),
        new XElement(Ns + "vnfcId", Owner.VnfcId),
        new XElement(Ns + "managerVersion", ManagerVersion),
        OwnedVolumes.Select(v => new XElement(Ns + "ownedVolume", new XAttribute("pool", v.Pool), new XAttribute("name", v.Volume))));

    /// <summary>
    /// Reads the element returned by <c>virDomainGetMetadata</c>, which hands it back without its
    /// namespace (the namespace was the lookup key), so children are matched by local name.
    /// </summary>
    internal static OwnershipMetadata Parse(string xml, string domainName)
    {
        var root = XElement.Parse(xml);
        XElement? Child(string name) => root.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        string Required(string name) => (string?)Child(name)
            ?? throw new VimException($"domain {domainName}: our metadata lacks <{name}>.");
        return new OwnershipMetadata(
            new ServerOwner(Required("vnfInstanceId"), Required("vnfcId")),
            (string?)Child("managerVersion") ?? "",
            root.Elements().Where(e => e.Name.LocalName == "ownedVolume")
                .Select(v => ((string?)v.Attribute("pool") ?? "", (string?)v.Attribute("name") ?? ""))
                .ToList());
    }

    /// <summary>
    /// A UUID derived from the libvirt object name: defining the same name again then updates the same
    /// object instead of failing with "already exists with uuid", which keeps define idempotent.
    /// </summary>
    internal static string StableUuid(string kind, string libvirtName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"nfvmano/{kind}/{libvirtName}"));
        hash[6] = (byte)((hash[6] & 0x0f) | 0x80); // version 8: vendor-specific
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
