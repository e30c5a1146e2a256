namespace NfvMano.Placement.Claims;

/// <summary>
/// One record of the reservation ledger. Replaying all entries in <see cref="Sequence"/> order on
/// the same inventory rebuilds the same state.
/// </summary>
/// <param name="Sequence">Position in the ledger, strictly increasing.</param>
/// <param name="Operation">Claim or release.</param>
/// <param name="Assignment">The assignment claimed or released.</param>
public sealed record LedgerEntry(long Sequence, LedgerOperation Operation, Assignment Assignment);
