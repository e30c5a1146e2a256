using NfvMano.Descriptors.Nsd;
using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Lifecycle.NsLcm.Vnffg;

/// <summary>
/// What an NS instance has that its forwarding graphs are realised from: the NS flavour (VNFFGs, NFPs, SAPs, VNF
/// profiles), the constituent VNF instances with their VNFC records, and the bridge port of each SAP.
/// </summary>
/// <param name="NsInstanceId">The NS instance; its id is part of every chain id, so two instances of one NSD never share rules.</param>
/// <param name="Flavour">The NS deployment flavour the instance was instantiated with.</param>
/// <param name="Vnfs">The constituent VNF instances (several per profile when scaled out).</param>
/// <param name="SapPorts">SAP id → the bridge port traffic enters or leaves the NS by (an OVS internal port or the port of the SAP's external connection).</param>
/// <param name="ForwardingCps">
/// Optional: VNF profile id → (forwarding capability → VDU CP), for VNFs whose capabilities do not follow the convention
/// (capability <c>fwd_X</c> is the CP the VNF's requirement <c>virtual_link_X</c> connects, see <see cref="VnffgPlanner"/>).
/// </param>
public sealed record VnffgContext(
    Guid NsInstanceId,
    NsFlavour Flavour,
    IReadOnlyList<VnffgVnfInstance> Vnfs,
    IReadOnlyDictionary<string, string> SapPorts,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ForwardingCps = null);

/// <summary>One constituent VNF instance of the NS.</summary>
/// <param name="VnfProfileId">The NSD VNF profile (node template) it instantiates.</param>
/// <param name="InstanceId">The VNF instance id (part of each VNFC port's MAC, see <see cref="ExternalPorts.Mac"/>).</param>
/// <param name="Vnf">Its instantiated state: VNFCs with their ports, and the external virtual links.</param>
public sealed record VnffgVnfInstance(string VnfProfileId, Guid InstanceId, InstantiatedVnf Vnf);
