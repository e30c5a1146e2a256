using NfvMano.Descriptors.Vnfd;

namespace NfvMano.Descriptors.Nsd;

/// <summary>A SOL001 NSD: the NS node's identity and one entry per NS deployment flavour.</summary>
public sealed record NsDescriptor(string DescriptorId, string Designer, string Version, string Name, string InvariantId, string NodeType, IReadOnlyList<NsFlavour> Flavours);

/// <summary>One NS deployment flavour.</summary>
public sealed record NsFlavour(
    string FlavourId,
    string File,
    IReadOnlyList<VnfProfile> VnfProfiles,
    IReadOnlyList<NsVirtualLink> VirtualLinks,
    IReadOnlyList<Sap> Saps,
    IReadOnlyList<NsDependency> Dependencies,
    IReadOnlyList<NsScalingAspect> ScalingAspects,
    IReadOnlyList<NsInstantiationLevel> InstantiationLevels,
    string? DefaultInstantiationLevel,
    IReadOnlyList<PlacementRule> PlacementRules,
    IReadOnlyList<Vnffg> Vnffgs);

/// <summary>A VNF node of the NSD: which VNFD and flavour, how many instances, and which NS links it joins.</summary>
public sealed record VnfProfile(
    string Id,
    string VnfdId,
    string FlavourId,
    string? InstantiationLevel,
    int MinInstances,
    int MaxInstances,
    string Provider,
    string ProductName,
    string SoftwareVersion,
    string DescriptorVersion,
    IReadOnlyList<VnfLinkConnection> VirtualLinks);

/// <summary>A VNF requirement (one of its external CPs) bound to an NS virtual link.</summary>
public sealed record VnfLinkConnection(string Requirement, string VirtualLink);

/// <summary>An <c>NsVirtualLink</c>.</summary>
public sealed record NsVirtualLink(string Id, string? Description, IReadOnlyList<string> LayerProtocols, string? FlowPattern, long? MaxBitrateRoot, long? MinBitrateRoot);

/// <summary>A service access point.</summary>
public sealed record Sap(string Id, IReadOnlyList<string> LayerProtocols, string? InternalVirtualLink, string? ExternalVirtualLink);

/// <summary>One node depending on another (instantiate the target first).</summary>
public sealed record NsDependency(string Node, string DependsOn);

/// <summary>An NS scaling aspect, its levels and the VNF instance counts per level.</summary>
public sealed record NsScalingAspect(string Id, string Name, string Description, IReadOnlyList<string> Levels, IReadOnlyList<VnfLevelMapping> VnfMappings);

/// <summary>Instances of one VNF profile per level of an aspect or NS instantiation level.</summary>
public sealed record VnfLevelMapping(string Vnf, IReadOnlyDictionary<string, int> Instances);

/// <summary>An NS instantiation level.</summary>
public sealed record NsInstantiationLevel(string Id, string Description, IReadOnlyDictionary<string, int> ScaleLevels, IReadOnlyDictionary<string, int> VnfInstances);

/// <summary>A VNF forwarding graph.</summary>
public sealed record Vnffg(
    string Id,
    string Description,
    int NumberOfEndpoints,
    IReadOnlyList<string> ConnectionPoints,
    IReadOnlyList<string> ConstituentVnfs,
    IReadOnlyList<string> Members,
    IReadOnlyList<Nfp> Nfps);

/// <summary>A network forwarding path: its classifier and ordered positions.</summary>
public sealed record Nfp(string Id, IReadOnlyList<NfpRule> Rules, IReadOnlyList<NfpPosition> Positions);

/// <summary>A flow classifier (<c>NfpRule</c> policy).</summary>
public sealed record NfpRule(
    string Id,
    string? EtherType,
    string? Protocol,
    string? Dscp,
    IReadOnlyList<string> VlanTags,
    PortRange? SourcePortRange,
    PortRange? DestinationPortRange,
    string? SourceIpAddressPrefix,
    string? DestinationIpAddressPrefix,
    string? EtherSourceAddress,
    string? EtherDestinationAddress);

/// <summary>An inclusive port range.</summary>
public sealed record PortRange(long Lower, long Upper);

/// <summary>One position of an NFP: how traffic is spread and over which elements.</summary>
public sealed record NfpPosition(string Id, string ForwardingBehaviour, IReadOnlyList<ForwardingElement> Elements);

/// <summary>An <c>NfpPositionElement</c>: the CP(s) traffic enters and leaves by.</summary>
public sealed record ForwardingElement(string Id, IReadOnlyList<CpReference> ConnectionPoints);

/// <summary>A CP of a VNF (its forwarding capability) or a SAP.</summary>
public sealed record CpReference(string Node, string? ConnectionPoint);
