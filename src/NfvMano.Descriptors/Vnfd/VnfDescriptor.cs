using NfvMano.Descriptors.Epa;

namespace NfvMano.Descriptors.Vnfd;

/// <summary>A SOL001 VNFD: the VNF node's identity and one entry per deployment flavour.</summary>
public sealed record VnfDescriptor(
    string DescriptorId,
    string DescriptorVersion,
    string Provider,
    string ProductName,
    string SoftwareVersion,
    string? ProductInfoName,
    string? ProductInfoDescription,
    IReadOnlyList<string> VnfmInfo,
    string NodeType,
    IReadOnlyList<DeploymentFlavour> Flavours);

/// <summary>
/// One deployment flavour: the VDUs, storage, connection points, links and policies of one topology.
/// <c>ExposedVirtualLinks</c> maps the virtual-link requirements the substitution mapping exposes to the CP that realises
/// each (a VduCp or a VnfExtCp of this flavour): what an NSD binds to an NS virtual link, e.g. <c>virtual_link_in → fw_in</c>.
/// </summary>
public sealed record DeploymentFlavour(
    string FlavourId,
    string Description,
    string File,
    IReadOnlyList<Vdu> Vdus,
    IReadOnlyList<VirtualStorage> Storages,
    IReadOnlyList<VduConnectionPoint> ConnectionPoints,
    IReadOnlyList<VnfVirtualLink> VirtualLinks,
    IReadOnlyList<VnfExtCp> ExtCps,
    IReadOnlyList<ScalingAspect> ScalingAspects,
    IReadOnlyList<InstantiationLevel> InstantiationLevels,
    string? DefaultInstantiationLevel,
    IReadOnlyList<PlacementRule> PlacementRules,
    IReadOnlyList<SecurityGroupRule> SecurityGroupRules,
    IReadOnlyList<LcmOperation> LcmOperations,
    IReadOnlyDictionary<string, string>? ExposedVirtualLinks = null);

/// <summary>A <c>tosca.nodes.nfv.Vdu.Compute</c>.</summary>
public sealed record Vdu(
    string Id,
    string Name,
    string Description,
    int MinInstances,
    int MaxInstances,
    int InitialInstances,
    string? CpuArchitecture,
    double? CpuClockHz,
    bool BootOrder,
    SoftwareImage? Image,
    IReadOnlyList<string> VirtualStorages,
    IReadOnlyList<string> ConnectionPoints,
    VduRequirements Requirements);

/// <summary>A software image (SwImage artifact and/or sw_image_data).</summary>
public sealed record SoftwareImage(
    string? ArtifactName,
    string? File,
    string? Name,
    string? Version,
    string? ChecksumAlgorithm,
    string? ChecksumHash,
    string? ContainerFormat,
    string? DiskFormat,
    long? MinDiskBytes,
    long? MinRamBytes,
    long? SizeBytes);

/// <summary>A <c>Vdu.VirtualBlockStorage</c> (or object storage).</summary>
public sealed record VirtualStorage(string Id, string Kind, long? SizeBytes, bool? RdmaEnabled, bool PerVnfcInstance, SoftwareImage? Image);

/// <summary>A <c>VduCp</c>.</summary>
public sealed record VduConnectionPoint(
    string Id,
    string? Vdu,
    string? VirtualLink,
    IReadOnlyList<string> LayerProtocols,
    string? Role,
    int? Order,
    string? VnicType,
    long? BitrateRequirement,
    IReadOnlyDictionary<string, string> InterfaceRequirements);

/// <summary>A <c>VnfVirtualLink</c>.</summary>
public sealed record VnfVirtualLink(
    string Id,
    string? Description,
    IReadOnlyList<string> LayerProtocols,
    string? FlowPattern,
    long? MaxBitrateRoot,
    long? MinBitrateRoot,
    IReadOnlyList<VirtualLinkProtocol> Protocols);

/// <summary>One entry of a VL profile's virtual_link_protocol_data.</summary>
public sealed record VirtualLinkProtocol(string AssociatedLayerProtocol, string? NetworkType, long? Mtu, string? IpVersion, string? Cidr, bool? DhcpEnabled);

/// <summary>A <c>VnfExtCp</c> and where it leads.</summary>
public sealed record VnfExtCp(string Id, string? InternalVirtualLink, IReadOnlyList<string> LayerProtocols, string? ExposedAs);

/// <summary>A scaling aspect with the per-VDU deltas of each step.</summary>
public sealed record ScalingAspect(string Id, string Name, string Description, int MaxScaleLevel, IReadOnlyList<string> StepDeltas, IReadOnlyList<VduScalingDelta> VduDeltas);

/// <summary>How many instances of a VDU one delta of an aspect adds.</summary>
public sealed record VduScalingDelta(string Vdu, string DeltaId, int NumberOfInstances);

/// <summary>An instantiation level: scale level per aspect and VDU instance counts.</summary>
public sealed record InstantiationLevel(string Id, string Description, IReadOnlyDictionary<string, int> ScaleLevels, IReadOnlyDictionary<string, int> VduInstances);

/// <summary>An affinity or anti-affinity rule.</summary>
public sealed record PlacementRule(string Id, bool Affinity, string Scope, IReadOnlyList<string> Targets);

/// <summary>A <c>SecurityGroupRule</c> policy.</summary>
public sealed record SecurityGroupRule(string Id, string Direction, string EtherType, string Protocol, int PortRangeMin, int PortRangeMax, IReadOnlyList<string> Targets);

/// <summary>A Vnflcm interface operation and its implementation artifact, if any.</summary>
public sealed record LcmOperation(string Name, string? Implementation);
