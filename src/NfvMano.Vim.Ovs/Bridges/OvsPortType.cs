namespace NfvMano.Vim.Ovs.Bridges;

/// <summary>What kind of port a bridge port is.</summary>
public enum OvsPortType
{
    /// <summary>
    /// A device that already exists on the host, such as the tap device libvirt creates for a guest NIC
    /// (<c>vnet3</c>); OVS only attaches it. libvirt itself adds these when the interface carries
    /// <c>&lt;virtualport type='openvswitch'/&gt;</c>; adding one here is for devices made by other means.
    /// </summary>
    System,

    /// <summary>A port OVS creates itself (a tap device on a netdev bridge): SAPs on the host and test endpoints.</summary>
    Internal,
}
