namespace NfvMano.Workflows.Engine;

/// <summary>
/// States of a run. They map one to one onto the ETSI operation occurrence states: Pending =
/// STARTING, Running = PROCESSING, Paused = FAILED_TEMP, RollingBack = ROLLING_BACK,
/// RolledBack = ROLLED_BACK, Failed = FAILED, Completed = COMPLETED.
/// </summary>
public static class RunStates
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Paused = "Paused";
    public const string RollingBack = "RollingBack";
    public const string RolledBack = "RolledBack";
    public const string Failed = "Failed";

    /// <summary>States in which some process must drive the run forward.</summary>
    public static readonly IReadOnlyList<string> Active = [Pending, Running, RollingBack];

    /// <summary>States after which nothing more happens.</summary>
    public static bool IsFinal(string state) => state is Completed or RolledBack or Failed;
}

/// <summary>States of a step.</summary>
public static class StepStates
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Done = "Done";
    public const string Failed = "Failed";
    public const string Compensated = "Compensated";
}
