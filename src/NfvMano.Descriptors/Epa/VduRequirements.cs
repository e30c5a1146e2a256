namespace NfvMano.Descriptors.Epa;

/// <summary>Whether vCPUs float over host CPUs or are pinned one-to-one.</summary>
public enum CpuPolicy
{
    /// <summary>vCPUs float over shared host CPUs.</summary>
    Shared,

    /// <summary>Each vCPU is pinned to its own host CPU.</summary>
    Dedicated,

    /// <summary>Some vCPUs pinned, others shared.</summary>
    Mixed,
}

/// <summary>How pinned vCPUs may use SMT siblings.</summary>
public enum ThreadPolicy
{
    /// <summary>No preference stated.</summary>
    Unspecified,

    /// <summary>Prefer sibling threads.</summary>
    Prefer,

    /// <summary>One vCPU per core; the sibling stays unused.</summary>
    Isolate,

    /// <summary>Require hosts with SMT and place vCPUs on siblings.</summary>
    Require,
}

/// <summary>How the guest memory is backed.</summary>
public enum PageSizeKind
{
    /// <summary>The smallest page size (normally 4 KiB).</summary>
    Small,

    /// <summary>Any huge page size, the largest available first.</summary>
    Large,

    /// <summary>Whatever the host offers.</summary>
    Any,

    /// <summary>Exactly the page size in <see cref="PageSize.Bytes"/>.</summary>
    Explicit,
}

/// <summary>A page size requirement.</summary>
/// <param name="Kind">Small, large, any or explicit.</param>
/// <param name="Bytes">The page size for <see cref="PageSizeKind.Explicit"/>; otherwise null.</param>
public sealed record PageSize(PageSizeKind Kind, long? Bytes)
{
    /// <summary>2 MiB huge pages.</summary>
    public static PageSize TwoMiB { get; } = new(PageSizeKind.Explicit, 2L * 1024 * 1024);

    /// <summary>1 GiB huge pages.</summary>
    public static PageSize OneGiB { get; } = new(PageSizeKind.Explicit, 1024L * 1024 * 1024);
}

/// <summary>How strictly PCI devices (SR-IOV VFs) must sit on the guest's NUMA node.</summary>
public enum PciNumaAffinity
{
    /// <summary>Nothing stated (the VIM default applies).</summary>
    Unspecified,

    /// <summary>The device must be on the same NUMA node.</summary>
    Required,

    /// <summary>Same NUMA node if possible.</summary>
    Preferred,

    /// <summary>Same node when the device reports NUMA affinity, otherwise anywhere.</summary>
    Legacy,

    /// <summary>Same socket.</summary>
    Socket,
}

/// <summary>One guest NUMA node: which guest vCPUs and how much memory it holds.</summary>
public sealed record GuestNumaNode(int Id, IReadOnlyList<int> Vcpus, long MemoryMiB)
{
    /// <inheritdoc />
    public bool Equals(GuestNumaNode? other) =>
        other is not null && Id == other.Id && MemoryMiB == other.MemoryMiB && Vcpus.SequenceEqual(other.Vcpus);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, MemoryMiB, Vcpus.Count);
}

/// <summary>A port that needs an SR-IOV virtual function (or a whole physical function).</summary>
/// <param name="ConnectionPoint">The VduCp it comes from.</param>
/// <param name="VnicType"><c>direct</c> (a VF) or <c>direct-physical</c> (a PF).</param>
/// <param name="PhysicalNetwork">Physical network the device must be on, when stated.</param>
/// <param name="VirtualLink">The internal virtual link the port attaches to, if any.</param>
public sealed record SriovPort(string ConnectionPoint, string VnicType, string? PhysicalNetwork, string? VirtualLink);

/// <summary>
/// The EPA (enhanced platform awareness) requirements of one VDU, normalised from whichever notation the
/// descriptor used: SOL001 properties or <c>hw:*</c> keys.
/// </summary>
public sealed record VduRequirements(
    CpuPolicy CpuPolicy,
    ThreadPolicy ThreadPolicy,
    int Vcpus,
    long MemoryMiB,
    IReadOnlyList<GuestNumaNode> NumaNodes,
    PageSize? PageSize,
    PciNumaAffinity PciNumaAffinity,
    IReadOnlyList<SriovPort> SriovPorts)
{
    /// <inheritdoc />
    public bool Equals(VduRequirements? other) =>
        other is not null && CpuPolicy == other.CpuPolicy && ThreadPolicy == other.ThreadPolicy && Vcpus == other.Vcpus
        && MemoryMiB == other.MemoryMiB && NumaNodes.SequenceEqual(other.NumaNodes) && Equals(PageSize, other.PageSize)
        && PciNumaAffinity == other.PciNumaAffinity && SriovPorts.SequenceEqual(other.SriovPorts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CpuPolicy, ThreadPolicy, Vcpus, MemoryMiB, NumaNodes.Count, PageSize, PciNumaAffinity, SriovPorts.Count);
}
