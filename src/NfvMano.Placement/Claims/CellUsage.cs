using System.Collections.Immutable;

namespace NfvMano.Placement.Claims;

/// <summary>
/// What is in use on one host cell, for comparing states (e.g. live state against a ledger replay).
/// Two usages are equal when every member is.
/// </summary>
/// <param name="Host">Host name.</param>
/// <param name="Cell">Cell id.</param>
/// <param name="UsedCpus">Pinned or reserved host CPUs, ascending.</param>
/// <param name="SharedVcpus">Floating vCPUs counted on the cell.</param>
/// <param name="SmallPageMemoryMiB">4 KiB-page memory in use.</param>
/// <param name="HugePagesUsed">Used huge pages per size as <c>size:count</c>, ascending by size.</param>
/// <param name="VfsUsed">Used VFs as <c>physnet/slot</c>, ordinal order.</param>
public sealed record CellUsage(
    string Host,
    int Cell,
    ImmutableArray<int> UsedCpus,
    int SharedVcpus,
    long SmallPageMemoryMiB,
    ImmutableArray<string> HugePagesUsed,
    ImmutableArray<string> VfsUsed)
{
    /// <inheritdoc />
    public bool Equals(CellUsage? other) =>
        other is not null
        && Host == other.Host
        && Cell == other.Cell
        && UsedCpus.SequenceEqual(other.UsedCpus)
        && SharedVcpus == other.SharedVcpus
        && SmallPageMemoryMiB == other.SmallPageMemoryMiB
        && HugePagesUsed.SequenceEqual(other.HugePagesUsed)
        && VfsUsed.SequenceEqual(other.VfsUsed);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Host, Cell, UsedCpus.Length, SharedVcpus, SmallPageMemoryMiB);
}
