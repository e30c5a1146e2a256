using System.Globalization;

namespace NfvMano.Workflows.Engine;

/// <summary>
/// What a step that yielded (<see cref="Steps.StepWaitingException"/>) waits for and since when, kept in the step's
/// <c>Error</c> while it waits: there an operator's view of the operation already shows it, and it survives a crash
/// with the step's other progress. The text is also how the engine tells a step resuming a wait (no new attempt, the
/// same wait clock) from one re-entered after a crash or a retry.
/// </summary>
internal sealed record StepWait(bool Compensating, DateTimeOffset Since, string WaitingFor)
{
    private const string ExecutingPrefix = "Waiting since ";
    private const string CompensatingPrefix = "Rolling back, waiting since ";
    private const string Separator = " for ";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public string Format() =>
        (Compensating ? CompensatingPrefix : ExecutingPrefix)
        + Since.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + Separator + WaitingFor;

    /// <summary>The wait recorded in a step's error, or null when the error is something else (or nothing).</summary>
    public static StepWait? Parse(string? error)
    {
        if (error is null)
        {
            return null;
        }
        var compensating = error.StartsWith(CompensatingPrefix, StringComparison.Ordinal);
        if (!compensating && !error.StartsWith(ExecutingPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = error[(compensating ? CompensatingPrefix : ExecutingPrefix).Length..];
        var separator = rest.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0 || !DateTime.TryParseExact(rest[..separator], TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since))
        {
            return null;
        }
        return new StepWait(compensating, new DateTimeOffset(since, TimeSpan.Zero), rest[(separator + Separator.Length)..]);
    }
}
