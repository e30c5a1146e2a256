namespace NfvMano.Placement.Claims;

/// <summary>An assignment that cannot be claimed (or released) in the current state; the message says which resource.</summary>
public sealed class ClaimException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClaimException()
    {
    }

    /// <summary>Creates the exception with a message naming where and why.</summary>
    public ClaimException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ClaimException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
