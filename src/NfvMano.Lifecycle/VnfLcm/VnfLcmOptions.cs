using System.ComponentModel.DataAnnotations;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>How the VNFM realises VNFs; bound from <c>NfvMano:VnfLcm</c>.</summary>
public sealed class VnfLcmOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:VnfLcm";

    /// <summary>The zone that leaves the choice to a VIM that schedules itself (OpenStack: no <c>availability_zone</c> asked).</summary>
    public const string DefaultZone = "default";

    /// <summary>
    /// Availability zone every host of the VIM is in, and the zone grants name. On OpenStack a zone other than
    /// <see cref="DefaultZone"/> is a Nova availability zone every server is created in.
    /// </summary>
    [Required, MinLength(1)]
    public string Zone { get; set; } = DefaultZone;

    /// <summary>Identifier of the VIM connection reported in <c>computeResource.vimConnectionId</c>.</summary>
    [Required, MinLength(1)]
    public string VimConnectionId { get; set; } = "vim-libvirt";

    /// <summary>
    /// The kind of VIM the VNFM drives, <c>libvirt</c> or <c>openstack</c>: it names the <c>vimLevelResourceType</c>s
    /// reported. Set by the server from <c>NfvMano:Vim:Kind</c>.
    /// </summary>
    public string VimKind { get; set; } = "libvirt";

    /// <summary>The SOL003 <c>vimType</c> of the VIM connection.</summary>
    public string VimType => IsOpenStack ? "ETSINFV.OPENSTACK_KEYSTONE.V_3" : "ETSINFV.LIBVIRT.V_1";

    /// <summary>The <c>vimLevelResourceType</c> of a VNFC's server.</summary>
    public string ComputeResourceType => IsOpenStack ? "OS::Nova::Server" : "libvirt.domain";

    /// <summary>The <c>vimLevelResourceType</c> of a virtual link's network.</summary>
    public string NetworkResourceType => IsOpenStack ? "OS::Neutron::Net" : "libvirt.network";

    /// <summary>The <c>vimLevelResourceType</c> of a virtual storage's volume.</summary>
    public string StorageResourceType => IsOpenStack ? "OS::Cinder::Volume" : "libvirt.volume";

    private bool IsOpenStack => VimKind.Equals("openstack", StringComparison.OrdinalIgnoreCase);

    /// <summary>Physical cores per NUMA cell, after the host's own first core, that form the shared (floating) pool.</summary>
    [Range(0, 64)]
    public int SharedCoresPerCell { get; set; } = 1;

    /// <summary>Physical cores per NUMA cell kept for the host itself (kernel, OVS, agents): no guest runs there.</summary>
    [Range(0, 64)]
    public int HostCoresPerCell { get; set; } = 1;

    /// <summary>Small-page memory per NUMA cell kept for the host.</summary>
    [Range(0, 1 << 20)]
    public long ReservedMemoryMiBPerCell { get; set; } = 1024;

    /// <summary>Size of a virtual storage whose descriptor gives none.</summary>
    [Range(1L << 20, long.MaxValue)]
    public long DefaultVolumeBytes { get; set; } = 1L << 30;

    /// <summary>Grace period of a graceful stop when the request names none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DefaultGracefulStopTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
