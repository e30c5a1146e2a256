namespace NfvMano.Vim.Networks;

/// <summary>A network realising a virtual link on one host.</summary>
/// <param name="HostId">The host.</param>
/// <param name="Name">The network name, unique on the host.</param>
/// <param name="PhysicalNetwork">Null for an isolated host-local network; otherwise the provider network to attach to.</param>
/// <param name="VlanId">The VLAN on the provider network; only with <paramref name="PhysicalNetwork"/>.</param>
public sealed record NetworkSpec(string HostId, string Name, string? PhysicalNetwork = null, int? VlanId = null)
{
    /// <summary>
    /// The segmentation the virtual link's descriptor asks for (<c>vlan</c>, <c>vxlan</c>, <c>gre</c>, <c>geneve</c>,
    /// <c>flat</c>), or null for the VIM's default; drivers without segmentation types (libvirt) ignore it.
    /// </summary>
    public string? NetworkType { get; init; }

    /// <summary>The MTU the descriptor asks for, or null for the VIM's default.</summary>
    public int? Mtu { get; init; }

    /// <summary>
    /// The IP subnets of the link (the descriptor's L3 protocol data, or an allocated one); drivers whose networks carry
    /// no IP management (libvirt's isolated networks) ignore them.
    /// </summary>
    public IReadOnlyList<SubnetSpec> Subnets { get; init; } = [];
}

/// <summary>An IP subnet on a virtual link's network.</summary>
/// <param name="Cidr">The range (<c>192.168.10.0/24</c>, <c>fd00:1::/64</c>).</param>
/// <param name="IpVersion">4 or 6; must agree with <paramref name="Cidr"/>.</param>
/// <param name="DhcpEnabled">Whether the VIM serves DHCP on it.</param>
/// <param name="GatewayIp">The gateway address, or null for the VIM's default (the first address).</param>
public sealed record SubnetSpec(string Cidr, int IpVersion = 4, bool DhcpEnabled = false, string? GatewayIp = null);

/// <summary>A subnet as the VIM has it.</summary>
/// <param name="Id">The VIM's id of the subnet.</param>
/// <param name="Cidr">Its range.</param>
/// <param name="IpVersion">4 or 6.</param>
/// <param name="GatewayIp">Its gateway, or null for none.</param>
/// <param name="DhcpEnabled">Whether DHCP is served.</param>
public sealed record VimSubnet(string Id, string Cidr, int IpVersion, string? GatewayIp, bool DhcpEnabled);

/// <summary>A network as the VIM has it.</summary>
/// <param name="Ref">Where it is.</param>
/// <param name="Id">The VIM's own identifier.</param>
/// <param name="Active">Whether it is running.</param>
public sealed record VimNetwork(VimResourceRef Ref, string Id, bool Active)
{
    /// <summary>Its subnets as the VIM has them (empty where the VIM manages no IP ranges).</summary>
    public IReadOnlyList<VimSubnet> Subnets { get; init; } = [];
}
