namespace NfvMano.Placement.Claims;

/// <summary>What a ledger entry records.</summary>
public enum LedgerOperation
{
    /// <summary>Resources taken for an assignment.</summary>
    Claim,

    /// <summary>Resources of an assignment given back.</summary>
    Release,
}
