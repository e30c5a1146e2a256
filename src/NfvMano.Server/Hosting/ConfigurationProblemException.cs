namespace NfvMano.Server.Hosting;

/// <summary>
/// The configuration cannot work; raised before anything starts so that nothing is half
/// initialised. Each problem names its configuration key.
/// </summary>
public sealed class ConfigurationProblemException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration: " + string.Join(" ", problems))
{
    /// <summary>Every problem found, each starting with its key, e.g. <c>Database:ConnectionString: …</c>.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
