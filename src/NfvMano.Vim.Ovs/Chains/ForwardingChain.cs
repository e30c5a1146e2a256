namespace NfvMano.Vim.Ovs.Chains;

/// <summary>
/// One network forwarding path (a VNFFG's NFP) on the bridge: classified traffic entering at
/// <see cref="IngressPort"/> goes through each hop in order, then leaves by <see cref="EgressPort"/>.
/// </summary>
/// <param name="ChainId">Identity of the path (for instance the NS instance's VNFFG/NFP id); its rules carry a cookie derived from it.</param>
/// <param name="Classifiers">What the path carries: a packet matching any of them is steered.</param>
/// <param name="IngressPort">Bridge port traffic enters by (the ingress SAP).</param>
/// <param name="Hops">The VNFs in order, each by its ingress and egress port on the bridge.</param>
/// <param name="EgressPort">Bridge port traffic leaves by after the last hop (the egress SAP).</param>
/// <param name="Precedence">
/// 0-9999: which chain wins where the classifiers of two chains on the same port overlap (higher wins); OpenFlow leaves
/// the choice between equal-priority overlapping rules undefined, so overlapping chains must differ here.
/// </param>
public sealed record ForwardingChain(
    string ChainId,
    IReadOnlyList<FlowClassifier> Classifiers,
    string IngressPort,
    IReadOnlyList<ChainHop> Hops,
    string EgressPort,
    int Precedence = 0);

/// <summary>
/// One VNF of a chain. With several instances (a scaled-out VNF) each flow is spread over the instances whose link is
/// up, by a symmetric hash of its addresses and ports, so a connection stays on one instance.
/// </summary>
/// <param name="Instances">The instances of the VNF, each by its ingress and egress port; at least one.</param>
public sealed record ChainHop(IReadOnlyList<PortPair> Instances)
{
    /// <summary>A hop of one instance.</summary>
    /// <param name="ingressPort">Port the VNF receives on (libvirt's tap name for its guest NIC).</param>
    /// <param name="egressPort">Port the VNF sends on; the same as <paramref name="ingressPort"/> for a one-armed VNF.</param>
    public ChainHop(string ingressPort, string egressPort)
        : this([new PortPair(ingressPort, egressPort)])
    {
    }
}

/// <summary>The two bridge ports of one VNF instance in a chain (networking-sfc calls this a port pair).</summary>
/// <param name="IngressPort">Port the instance receives steered traffic on.</param>
/// <param name="EgressPort">Port it sends it back by; the same as <paramref name="IngressPort"/> for a one-armed VNF.</param>
public sealed record PortPair(string IngressPort, string EgressPort);

/// <summary>The rules of one chain as the switch holds them.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Cookie">The cookie its rules carry.</param>
/// <param name="Flows">Its rules as <c>ovs-ofctl --no-stats --sort dump-flows</c> prints them; empty when the chain is not programmed.</param>
public sealed record ChainFlows(string ChainId, ulong Cookie, IReadOnlyList<string> Flows);
