namespace NfvMano.Vim.Ovs.Chains;

/// <summary>
/// Which packets a forwarding path carries: the fields of a SOL001 <c>tosca.policies.nfv.NfpRule</c>. Unset fields
/// match anything; a classifier with nothing set steers all traffic entering at the chain's ingress.
/// </summary>
public sealed record FlowClassifier
{
    /// <summary><c>ipv4</c> or <c>ipv6</c> (SOL001 <c>ether_type</c>); null infers it from the prefixes, else IPv4 when any IP field is set.</summary>
    public string? EtherType { get; init; }

    /// <summary><c>tcp</c>, <c>udp</c>, <c>sctp</c>, <c>icmp</c> or an IP protocol number (SOL001 <c>protocol</c>).</summary>
    public string? Protocol { get; init; }

    /// <summary>Source prefix in CIDR form (<c>10.0.0.0/24</c>); host bits must be zero.</summary>
    public string? SourceIpPrefix { get; init; }

    /// <summary>Destination prefix in CIDR form.</summary>
    public string? DestinationIpPrefix { get; init; }

    /// <summary>Source ports; needs <c>tcp</c>, <c>udp</c> or <c>sctp</c>.</summary>
    public PortRange? SourcePorts { get; init; }

    /// <summary>Destination ports; needs <c>tcp</c>, <c>udp</c> or <c>sctp</c>.</summary>
    public PortRange? DestinationPorts { get; init; }

    /// <summary>DSCP value 0-63 (SOL001 <c>dscp</c>).</summary>
    public int? Dscp { get; init; }

    /// <summary>VLAN ids 0-4095 (SOL001 <c>vlan_tag</c>): the classifier matches a packet carrying any of them.</summary>
    public IReadOnlyList<int> VlanIds { get; init; } = [];

    /// <summary>Source MAC address (SOL001 <c>ether_source_address</c>).</summary>
    public string? EtherSource { get; init; }

    /// <summary>Destination MAC address (SOL001 <c>ether_destination_address</c>).</summary>
    public string? EtherDestination { get; init; }
}
