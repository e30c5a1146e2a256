namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>What kind of refusal a <see cref="VnfLcmException"/> is (the API maps it to a status code).</summary>
public enum VnfLcmErrorKind
{
    /// <summary>No such resource (404).</summary>
    NotFound,

    /// <summary>The resource's state does not allow it (409).</summary>
    Conflict,

    /// <summary>The request is invalid (400).</summary>
    Invalid,

    /// <summary>The request is well-formed but cannot be done with this VNFD (422).</summary>
    Unprocessable,

    /// <summary>The If-Match precondition failed (412).</summary>
    Stale,
}

/// <summary>A refused VNF lifecycle request; the message says why.</summary>
public sealed class VnfLcmException(VnfLcmErrorKind kind, string message) : Exception(message)
{
    /// <summary>What kind of refusal.</summary>
    public VnfLcmErrorKind Kind { get; } = kind;
}
