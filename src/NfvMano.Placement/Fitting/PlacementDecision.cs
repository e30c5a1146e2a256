using System.Collections.Immutable;
using NfvMano.Placement.Claims;

namespace NfvMano.Placement.Fitting;

/// <summary>
/// The answer to a request: an <see cref="Claims.Assignment"/> (claimed) or a rejection whose
/// <see cref="Reason"/> explains itself with host counts per reason.
/// </summary>
/// <param name="RequestId">The request.</param>
/// <param name="Assignment">The claimed assignment; null when rejected.</param>
/// <param name="Reason">Why no host fits; null when accepted.</param>
/// <param name="Counts">Hosts per rejection reason, most frequent first; empty when accepted.</param>
public sealed record PlacementDecision(
    string RequestId,
    Assignment? Assignment,
    string? Reason,
    ImmutableArray<RejectionCount> Counts)
{
    /// <summary>Whether the request was placed.</summary>
    public bool Accepted => Assignment is not null;

    internal static PlacementDecision Accept(Assignment assignment) =>
        new(assignment.RequestId, assignment, null, []);

    internal static PlacementDecision Reject(string requestId, string reason, ImmutableArray<RejectionCount> counts) =>
        new(requestId, null, reason, counts);
}
