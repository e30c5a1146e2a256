namespace NfvMano.Placement.Fitting;

/// <summary>Tuning of the engine.</summary>
/// <param name="Preference">Spread or pack: the order in which hosts are considered.</param>
/// <param name="CpuAllocationRatio">Over-commit of shared vCPUs against a cell's shared CPUs.</param>
/// <param name="CandidateHosts">
/// How many fitting hosts, taken in preference order, compete on fragmentation cost; 1 takes the
/// first that fits. More candidates keep whole cores, cells and VFs free longer at a small cost in speed.
/// </param>
/// <param name="IsolateOnSmt">
/// Whether <c>isolate</c> guests may take whole SMT cores, holding the sibling threads idle.
/// Nova refuses this (bug #1889633); allowing it accepts such guests on SMT hosts at the price of
/// one idle thread per vCPU.
/// </param>
/// <param name="IsolateOnSmtHeadroom">
/// Share of an SMT cell's pinnable CPUs that must stay free after an <c>isolate</c> guest takes
/// whole cores there: idle siblings are only worth paying for while the cell has slack.
/// </param>
public sealed record PlacementOptions(
    HostPreference Preference = HostPreference.Spread,
    double CpuAllocationRatio = 4.0,
    int CandidateHosts = 16,
    bool IsolateOnSmt = true,
    double IsolateOnSmtHeadroom = 0.4);
