namespace NfvMano.Vim.Servers;

/// <summary>
/// What a VIM that places servers itself (OpenStack) needs beyond the placement decision: the requirements
/// its scheduler must honour and the artefacts to boot from. Drivers that realise an explicit placement
/// (libvirt) ignore it.
/// </summary>
public sealed record ServerSchedulingHints
{
    /// <summary>How pinned vCPUs use SMT siblings: <c>prefer</c>, <c>isolate</c>, <c>require</c>, or null for unstated.</summary>
    public string? CpuThreadPolicy { get; init; }

    /// <summary>Where emulator threads run: <c>share</c>, <c>isolate</c>, or null for the VIM default.</summary>
    public string? EmulatorThreadsPolicy { get; init; }

    /// <summary>How strictly PCI devices must share the guest's NUMA node: <c>required</c>, <c>preferred</c>, <c>legacy</c>, <c>socket</c>, or null.</summary>
    public string? PciNumaAffinity { get; init; }

    /// <summary>An operator-chosen flavor (name or id) to use instead of one derived from the requirements.</summary>
    public string? Flavor { get; init; }

    /// <summary>The image to boot from (name or id in the VIM's image service).</summary>
    public string? Image { get; init; }

    /// <summary>Root disk size in GiB (0: sized by the VIM from the image).</summary>
    public int RootDiskGiB { get; init; }

    /// <summary>The availability zone from the grant, or null.</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>A server group the server joins, or null.</summary>
    public string? ServerGroup { get; init; }

    /// <summary>The policy of <see cref="ServerGroup"/>: <c>affinity</c>, <c>anti-affinity</c>, <c>soft-affinity</c>, <c>soft-anti-affinity</c>.</summary>
    public string ServerGroupPolicy { get; init; } = "anti-affinity";

    /// <summary>
    /// Rules between this server's member (its VNF instance) and other members' servers, which a VIM that places
    /// servers itself must honour beside <see cref="ServerGroup"/>.
    /// </summary>
    public IReadOnlyList<PeerGroup> PeerGroups { get; init; } = [];
}
