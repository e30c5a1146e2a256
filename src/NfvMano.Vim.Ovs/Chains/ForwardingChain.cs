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

/// <summary>One VNF of a chain: the bridge port it receives steered traffic on and the one it sends it back by.</summary>
/// <param name="IngressPort">Port the VNF receives on (libvirt's tap name for its guest NIC).</param>
/// <param name="EgressPort">Port the VNF sends on; the same as <paramref name="IngressPort"/> for a one-armed VNF.</param>
public sealed record ChainHop(string IngressPort, string EgressPort);

/// <summary>The rules of one chain as the switch holds them.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Cookie">The cookie its rules carry.</param>
/// <param name="Flows">Its rules as <c>ovs-ofctl --no-stats --sort dump-flows</c> prints them; empty when the chain is not programmed.</param>
public sealed record ChainFlows(string ChainId, ulong Cookie, IReadOnlyList<string> Flows);
