namespace NfvMano.Vim;

/// <summary>A VIM operation failed; the message says what, where and why.</summary>
public class VimException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VimException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public VimException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public VimException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
