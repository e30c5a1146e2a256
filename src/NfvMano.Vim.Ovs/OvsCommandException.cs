namespace NfvMano.Vim.Ovs;

/// <summary>An Open vSwitch command failed; the message names the command line, its exit code and what it printed on stderr.</summary>
public sealed class OvsCommandException : VimException
{
    /// <summary>Creates the exception.</summary>
    public OvsCommandException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OvsCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public OvsCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a command that ran and failed.</summary>
    public OvsCommandException(string commandLine, int? exitCode, string standardError, Exception? innerException = null)
        : base(Describe(commandLine, exitCode, standardError), innerException ?? new InvalidOperationException(standardError))
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The command line that failed, as it would be typed in a shell.</summary>
    public string CommandLine { get; } = "";

    /// <summary>Its exit code, or null when it did not start or was killed.</summary>
    public int? ExitCode { get; }

    /// <summary>What it wrote on stderr (trimmed).</summary>
    public string StandardError { get; } = "";

    private static string Describe(string commandLine, int? exitCode, string standardError)
    {
        var how = exitCode is { } code ? $"exited with code {code}" : "did not complete";
        var why = string.IsNullOrWhiteSpace(standardError) ? "(nothing on stderr)" : standardError.Trim();
        return $"`{commandLine}` {how}: {why}";
    }
}
