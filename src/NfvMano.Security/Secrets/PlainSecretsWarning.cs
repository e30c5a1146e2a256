using Microsoft.Extensions.Logging;

namespace NfvMano.Security.Secrets;

/// <summary>The startup warning about secrets kept in plain text in configuration.</summary>
public static partial class PlainSecretsWarning
{
    /// <summary>Warns once, naming each configuration key whose secret is not protected (never the value).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="keys">The keys of plain secrets.</param>
    public static void WarnIfAny(ILogger logger, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count > 0)
        {
            LogPlainSecrets(logger, string.Join(", ", keys));
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning,
        Message = "Plain-text secret(s) in configuration: {Keys}. Replace each value with the output of 'NfvMano.Server secrets protect' (reads the secret from standard input) so that it is stored encrypted with the database's Data Protection keys.")]
    private static partial void LogPlainSecrets(ILogger logger, string keys);
}
