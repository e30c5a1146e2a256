using NfvMano.Workflows.Engine;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>SOL005 names of NS states, operations and operation states.</summary>
public static class NsLcmStates
{
    /// <summary>The NS holds no VNF instances.</summary>
    public const string NotInstantiated = "NOT_INSTANTIATED";

    /// <summary>The NS is instantiated.</summary>
    public const string Instantiated = "INSTANTIATED";

    /// <summary>Operation names (<c>NsLcmOpType</c>).</summary>
    public static class Operations
    {
        /// <summary>INSTANTIATE.</summary>
        public const string Instantiate = "INSTANTIATE";

        /// <summary>SCALE.</summary>
        public const string Scale = "SCALE";

        /// <summary>UPDATE.</summary>
        public const string Update = "UPDATE";

        /// <summary>TERMINATE.</summary>
        public const string Terminate = "TERMINATE";

        /// <summary>HEAL.</summary>
        public const string Heal = "HEAL";
    }

    /// <summary>
    /// The SOL005 operation state of a workflow run state. SOL005 has no STARTING: a run not picked up yet is
    /// already PROCESSING.
    /// </summary>
    public static string OperationStateOf(string runState) => runState switch
    {
        RunStates.Pending or RunStates.Running => "PROCESSING",
        RunStates.Paused => "FAILED_TEMP",
        RunStates.RollingBack => "ROLLING_BACK",
        RunStates.RolledBack => "ROLLED_BACK",
        RunStates.Failed => "FAILED",
        RunStates.Completed => "COMPLETED",
        _ => throw new ArgumentOutOfRangeException(nameof(runState), runState, "not a workflow run state"),
    };
}
