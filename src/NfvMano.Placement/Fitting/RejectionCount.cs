namespace NfvMano.Placement.Fitting;

/// <summary>How many hosts failed for one reason.</summary>
/// <param name="Reason">The reason, phrased for several hosts (e.g. <c>lack 4 free dedicated CPUs on one cell</c>).</param>
/// <param name="Hosts">How many hosts.</param>
public sealed record RejectionCount(string Reason, int Hosts);
