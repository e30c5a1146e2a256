namespace NfvMano.Vim.Libvirt;

/// <summary>
/// Maps our resource names to libvirt object names and back. Everything we create carries the prefix,
/// so networks and volumes (which have no metadata in libvirt) can be told apart from the host's own.
/// </summary>
internal sealed class LibvirtNames(string prefix)
{
    private const string VolumeInfix = "vol-";
    private const string ImageInfix = "img-";
    private const string PhysnetInfix = "physnet-";

    internal string Prefix => prefix;

    internal string Domain(string name) => prefix + name;

    internal string Network(string name) => prefix + name;

    internal string PhysnetNetwork(string physnet) => prefix + PhysnetInfix + physnet;

    internal string Volume(string name) => prefix + VolumeInfix + name;

    internal string Image(string name) => prefix + ImageInfix + name;

    internal string? FromDomain(string libvirtName) => Strip(libvirtName, "");

    /// <summary>Our network name, or null for a network that is not ours or is a per-physnet hostdev network.</summary>
    internal string? FromNetwork(string libvirtName) =>
        libvirtName.StartsWith(prefix + PhysnetInfix, StringComparison.Ordinal) ? null : Strip(libvirtName, "");

    internal string? FromVolume(string libvirtName) => Strip(libvirtName, VolumeInfix);

    internal string? FromImage(string libvirtName) => Strip(libvirtName, ImageInfix);

    /// <summary>A Linux bridge name (at most 15 characters) derived from the network name.</summary>
    internal string Bridge(string networkName) =>
        "nfvbr" + Domains.OwnershipMetadata.StableUuid("bridge", Network(networkName)).Replace("-", "", StringComparison.Ordinal)[..10];

    private string? Strip(string libvirtName, string infix) =>
        libvirtName.StartsWith(prefix + infix, StringComparison.Ordinal) && libvirtName.Length > prefix.Length + infix.Length
            ? libvirtName[(prefix.Length + infix.Length)..]
            : null;
}
