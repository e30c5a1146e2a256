using System.Text.Json;
using NfvMano.Placement.Claims;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// What an instantiated VNF holds and where: the persisted truth behind <c>instantiatedVnfInfo</c>. Changed only by
/// the last step of an operation, so it never shows half an operation.
/// </summary>
/// <param name="FlavourId">The deployment flavour.</param>
/// <param name="InstantiationLevelId">The instantiation level it was instantiated at (or scaled to).</param>
/// <param name="VnfState">STARTED or STOPPED.</param>
/// <param name="ScaleLevels">Scale level per scaling aspect.</param>
/// <param name="Vnfcs">The VNFC instances.</param>
/// <param name="Networks">The networks realising internal virtual links, one per link per host.</param>
/// <param name="ExtVirtualLinks">The external virtual links the VNF's external CPs connect to (instantiate, change_ext_conn).</param>
public sealed record InstantiatedVnf(
    string FlavourId,
    string? InstantiationLevelId,
    string VnfState,
    IReadOnlyDictionary<string, int> ScaleLevels,
    IReadOnlyList<VnfcRecord> Vnfcs,
    IReadOnlyList<NetworkRecord> Networks,
    IReadOnlyList<ExtVirtualLinkRecord>? ExtVirtualLinks = null)
{
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the persisted form.</summary>
    public static InstantiatedVnf? Parse(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<InstantiatedVnf>(json, Json);

    /// <summary>The persisted form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One VNFC instance: the server on the VIM and exactly where placement put it.</summary>
/// <param name="Id">The VNFC instance id (unique within the VNF instance).</param>
/// <param name="VduId">The VDU it realises.</param>
/// <param name="Host">The host.</param>
/// <param name="ServerName">The server's name on the host.</param>
/// <param name="ServerId">The VIM's id of the server (libvirt domain UUID).</param>
/// <param name="Volumes">Volumes by virtual storage id.</param>
/// <param name="Ports">Connection points: CP id → network name (virtio) or VF PCI address (SR-IOV).</param>
/// <param name="Assignment">The placement assignment (host cells, pinned CPUs, page size, VFs).</param>
/// <param name="ZoneId">
/// The availability zone the server is in: as the VIM reports it (OpenStack's <c>OS-EXT-AZ:availability_zone</c>),
/// else the configured zone of the VIM's hosts; null in records written before zones were kept.
/// </param>
public sealed record VnfcRecord(
    string Id,
    string VduId,
    string Host,
    string ServerName,
    string ServerId,
    IReadOnlyDictionary<string, string> Volumes,
    IReadOnlyDictionary<string, string> Ports,
    Assignment Assignment,
    string? ZoneId = null);

/// <summary>A network realising an internal virtual link on one host.</summary>
/// <param name="VirtualLinkId">The VNFD virtual link.</param>
/// <param name="Host">The host.</param>
/// <param name="Name">The network's name on the host.</param>
/// <param name="ResourceId">The VIM's id of the network.</param>
/// <param name="Subnets">Its IP subnets as the VIM made them (none on a VIM without IP management, and in older records).</param>
public sealed record NetworkRecord(string VirtualLinkId, string Host, string Name, string ResourceId, IReadOnlyList<SubnetRecord>? Subnets = null);

/// <summary>An IP subnet of a virtual link's network.</summary>
/// <param name="ResourceId">The VIM's id of the subnet.</param>
/// <param name="Cidr">Its range.</param>
/// <param name="IpVersion">4 or 6.</param>
/// <param name="GatewayIp">Its gateway, or null for none.</param>
/// <param name="DhcpEnabled">Whether the VIM serves DHCP on it.</param>
public sealed record SubnetRecord(string ResourceId, string Cidr, int IpVersion, string? GatewayIp, bool DhcpEnabled);

/// <summary>An external virtual link of the VNF (SOL003 <c>ExtVirtualLinkData</c> as recorded).</summary>
/// <param name="Id">The link's id given by the NFVO.</param>
/// <param name="ResourceId">The VIM's id of the external network, if given.</param>
/// <param name="VimConnectionId">The VIM connection, if given.</param>
/// <param name="ExtCps">The VNF's external CP instances on it.</param>
public sealed record ExtVirtualLinkRecord(string Id, string? ResourceId, string? VimConnectionId, IReadOnlyList<ExtCpRecord> ExtCps);

/// <summary>One external CP instance on an external virtual link.</summary>
/// <param name="Id">The CP instance id.</param>
/// <param name="CpdId">The external CP (or exposed VDU CP) of the VNFD.</param>
/// <param name="CpConfigId">The key of its <c>cpConfig</c> entry, if any.</param>
/// <param name="LinkPortId">A pre-created port it uses, if given.</param>
/// <param name="CpProtocolDataJson">Its <c>cpProtocolData</c> as given, if any.</param>
public sealed record ExtCpRecord(string Id, string CpdId, string? CpConfigId, string? LinkPortId, string? CpProtocolDataJson);
