using System.ComponentModel.DataAnnotations;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>How the VNFM realises VNFs; bound from <c>NfvMano:VnfLcm</c>.</summary>
public sealed class VnfLcmOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:VnfLcm";

    /// <summary>Availability zone every host of the VIM is in.</summary>
    [Required, MinLength(1)]
    public string Zone { get; set; } = "default";

    /// <summary>Identifier of the VIM connection reported in <c>computeResource.vimConnectionId</c>.</summary>
    [Required, MinLength(1)]
    public string VimConnectionId { get; set; } = "vim-libvirt";

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
