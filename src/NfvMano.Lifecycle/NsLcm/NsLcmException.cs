using NfvMano.Lifecycle.VnfLcm;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>A refused NS lifecycle request; the message says why. The kinds are those of the VNF LCM (same status codes).</summary>
public sealed class NsLcmException(VnfLcmErrorKind kind, string message) : Exception(message)
{
    /// <summary>What kind of refusal.</summary>
    public VnfLcmErrorKind Kind { get; } = kind;
}
