using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NfvMano.Workflows.Engine;

/// <summary>
/// What the engine tells operators while it works: a trace span per step execution and
/// compensation, and metrics of runs and steps (exported by the server's OpenTelemetry set-up,
/// which listens to every <c>NfvMano.*</c> source and meter).
/// </summary>
public static class WorkflowTelemetry
{
    /// <summary>Name of the activity source and of the meter.</summary>
    public const string Name = "NfvMano.Workflows";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> RunsStarted =
        Meter.CreateCounter<long>("nfvmano.workflow.runs.started", "{run}", "Workflow runs started, by kind");

    internal static readonly Counter<long> RunTransitions =
        Meter.CreateCounter<long>("nfvmano.workflow.runs.transitions", "{transition}", "Run state changes, by kind and new state");

    internal static readonly Histogram<double> StepDuration =
        Meter.CreateHistogram<double>("nfvmano.workflow.step.duration", "s", "Time one step execution or compensation took, by handler and outcome");

    internal static readonly Counter<long> LeasesLost =
        Meter.CreateCounter<long>("nfvmano.workflow.leases.lost", "{lease}", "Runs this process stopped driving because another process took them over");
}
