namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>SOL003 names of instantiation states, operations and operation states.</summary>
public static class VnfLcmStates
{
    /// <summary>The instance holds no resources.</summary>
    public const string NotInstantiated = "NOT_INSTANTIATED";

    /// <summary>The instance holds resources.</summary>
    public const string Instantiated = "INSTANTIATED";

    /// <summary>Operation names.</summary>
    public static class Operations
    {
        /// <summary>INSTANTIATE.</summary>
        public const string Instantiate = "INSTANTIATE";

        /// <summary>SCALE.</summary>
        public const string Scale = "SCALE";

        /// <summary>SCALE_TO_LEVEL.</summary>
        public const string ScaleToLevel = "SCALE_TO_LEVEL";

        /// <summary>HEAL.</summary>
        public const string Heal = "HEAL";

        /// <summary>OPERATE.</summary>
        public const string Operate = "OPERATE";

        /// <summary>MODIFY_INFO.</summary>
        public const string ModifyInfo = "MODIFY_INFO";

        /// <summary>TERMINATE.</summary>
        public const string Terminate = "TERMINATE";

        /// <summary>CHANGE_FLAVOUR.</summary>
        public const string ChangeFlavour = "CHANGE_FLAVOUR";

        /// <summary>CHANGE_EXT_CONN.</summary>
        public const string ChangeExtConn = "CHANGE_EXT_CONN";
    }

    /// <summary>The SOL003 operation state of a workflow run state.</summary>
    public static string OperationStateOf(string runState) => runState switch
    {
        Workflows.Engine.RunStates.Pending => "STARTING",
        Workflows.Engine.RunStates.Running => "PROCESSING",
        Workflows.Engine.RunStates.Paused => "FAILED_TEMP",
        Workflows.Engine.RunStates.RollingBack => "ROLLING_BACK",
        Workflows.Engine.RunStates.RolledBack => "ROLLED_BACK",
        Workflows.Engine.RunStates.Failed => "FAILED",
        Workflows.Engine.RunStates.Completed => "COMPLETED",
        _ => throw new ArgumentOutOfRangeException(nameof(runState), runState, "not a workflow run state"),
    };
}
