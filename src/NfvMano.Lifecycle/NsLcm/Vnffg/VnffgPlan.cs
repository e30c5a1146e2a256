using NfvMano.Vim.Ovs.Chains;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>One NFP of a VNFFG as it is to be programmed, with the VNFC ports still named by MAC address.</summary>
/// <param name="ChainId">The chain id: <c>NS instance id/VNFFG id/NFP id</c>.</param>
/// <param name="NfpId">The NFP.</param>
/// <param name="Classifiers">The NFP's classifier rules.</param>
/// <param name="IngressSap">The SAP traffic enters by.</param>
/// <param name="IngressPort">Its bridge port.</param>
/// <param name="Hops">The positions in order, each with the VNFC port pairs it spreads traffic over.</param>
/// <param name="EgressSap">The SAP traffic leaves by.</param>
/// <param name="EgressPort">Its bridge port.</param>
public sealed record NfpPlan(
    string ChainId,
    string NfpId,
    IReadOnlyList<FlowClassifier> Classifiers,
    string IngressSap,
    string IngressPort,
    IReadOnlyList<HopPlan> Hops,
    string EgressSap,
    string EgressPort);

/// <summary>One NFP position: the VNFC instances traffic is spread over.</summary>
/// <param name="PositionId">The NfpPosition.</param>
/// <param name="Instances">One port pair per VNFC instance.</param>
public sealed record HopPlan(string PositionId, IReadOnlyList<VnfcPortPair> Instances);

/// <summary>The ingress and egress port of one VNFC in a hop, by the MACs the MANO gave them.</summary>
/// <param name="VnfProfileId">The VNF profile.</param>
/// <param name="VnfInstanceId">The VNF instance.</param>
/// <param name="VnfcId">The VNFC instance.</param>
/// <param name="IngressCp">The VDU CP traffic enters by.</param>
/// <param name="IngressMac">Its MAC.</param>
/// <param name="EgressCp">The VDU CP traffic leaves by (the same CP for a one-armed VNF).</param>
/// <param name="EgressMac">Its MAC.</param>
public sealed record VnfcPortPair(string VnfProfileId, Guid VnfInstanceId, string VnfcId, string IngressCp, string IngressMac, string EgressCp, string EgressMac)
{
    /// <summary>Where the pair is, for messages.</summary>
    public string Describe(string cp) => $"VNF {VnfProfileId} instance {VnfInstanceId} VNFC {VnfcId} CP {cp}";
}
