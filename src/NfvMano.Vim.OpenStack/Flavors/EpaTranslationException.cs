namespace NfvMano.Vim.OpenStack.Flavors;

/// <summary>EPA requirements that no Nova flavor can express, with every reason.</summary>
public sealed class EpaTranslationException : VimException
{
    /// <summary>Creates the exception.</summary>
    public EpaTranslationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EpaTranslationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public EpaTranslationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception listing every problem.</summary>
    public EpaTranslationException(IReadOnlyList<string> problems)
        : base("The EPA requirements cannot be expressed as a Nova flavor: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem on its own.</summary>
    public IReadOnlyList<string> Problems { get; }
}
