namespace NfvMano.Vim.Ovs;

/// <summary>A forwarding chain or its classifier cannot be turned into OpenFlow rules; lists every problem found, not only the first.</summary>
public sealed class InvalidChainException : VimException
{
    /// <summary>Creates the exception.</summary>
    public InvalidChainException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidChainException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidChainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception for the chain <paramref name="chainId"/> with all its problems.</summary>
    public InvalidChainException(string chainId, IReadOnlyList<string> problems)
        : base($"chain '{chainId}': {string.Join("; ", problems)}")
    {
        ChainId = chainId;
        Problems = problems;
    }

    /// <summary>The chain concerned.</summary>
    public string ChainId { get; } = "";

    /// <summary>Each problem, saying where (which classifier, which field) and why.</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
