namespace NfvMano.Placement.Requests;

/// <summary>Server group policy.</summary>
public enum GroupPolicy
{
    /// <summary>All live members share one host (or zone).</summary>
    Affinity,

    /// <summary>No two live members share a host (or zone).</summary>
    AntiAffinity,
}
