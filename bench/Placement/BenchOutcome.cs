using NfvMano.Placement.Fitting;

namespace NfvMano.Placement.Bench;

/// <summary>The decisions of a run, in create order, and the seconds of its decision loop.</summary>
/// <param name="Decisions">One per create entry.</param>
/// <param name="Seconds">Wall-clock seconds of the decision loop.</param>
/// <param name="Engine">The engine after the run (its live state and ledger).</param>
public sealed record BenchOutcome(IReadOnlyList<PlacementDecision> Decisions, double Seconds, PlacementEngine Engine);
