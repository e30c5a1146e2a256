using System.Collections.Immutable;

namespace NfvMano.Placement.Claims;

/// <summary>
/// Where one guest NUMA cell lives: the host cell, the exact host CPUs, the memory and its page size.
/// </summary>
/// <param name="GuestCell">Guest NUMA node number (0 … n-1).</param>
/// <param name="HostCell">Id of the host NUMA cell.</param>
/// <param name="PinnedCpus">Host CPU of each of the guest cell's vCPUs, in guest vCPU order; empty for shared guests.</param>
/// <param name="ReservedCpus">Sibling threads held idle for an <c>isolate</c> guest; they are in use until release.</param>
/// <param name="SharedVcpus">Floating vCPUs counted against the cell's shared CPUs; 0 for dedicated guests.</param>
/// <param name="MemoryMiB">Memory of the guest cell in MiB.</param>
/// <param name="PageSizeKiB">Backing page size in KiB (4 = small pages).</param>
public sealed record CellAssignment(
    int GuestCell,
    int HostCell,
    ImmutableArray<int> PinnedCpus,
    ImmutableArray<int> ReservedCpus,
    int SharedVcpus,
    long MemoryMiB,
    long PageSizeKiB);
