using System.Collections.Immutable;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Claims;

/// <summary>
/// An accepted placement: everything a VIM adapter needs to realise the guest (host, guest cell →
/// host cell, pinned CPU per vCPU, page size, VF identities) and everything the ledger needs to
/// release it exactly. Plain data: the orchestrator can persist it as is.
/// </summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Host">The chosen host.</param>
/// <param name="Cells">One entry per guest NUMA cell, in guest cell order.</param>
/// <param name="Vfs">The VFs, one entry per VF.</param>
/// <param name="Groups">The server groups the guest joined; empty for none.</param>
public sealed record Assignment(
    string RequestId,
    string Host,
    ImmutableArray<CellAssignment> Cells,
    ImmutableArray<VfAssignment> Vfs,
    ImmutableArray<ServerGroup> Groups)
{
    /// <summary>The server groups the guest joined, never default (an entry stored without them reads as none).</summary>
    public ImmutableArray<ServerGroup> Groups { get; init; } = Groups.IsDefault ? [] : Groups;
}
