namespace NfvMano.Placement.Fitting;

/// <summary>Tuning of the engine.</summary>
/// <param name="Preference">Spread or pack: the order in which hosts are considered.</param>
/// <param name="CpuAllocationRatio">Over-commit of shared vCPUs against a cell's shared CPUs.</param>
/// <param name="CandidateHosts">
/// How many fitting hosts of each host shape, taken in preference order, compete on fit cost; 1 takes
/// the first that fits. Null scales it with the fleet (see <see cref="CandidatesFor"/>).
/// </param>
/// <param name="IsolateOnSmt">
/// Whether <c>isolate</c> guests may take whole SMT cores, holding the sibling threads idle.
/// Nova refuses this (bug #1889633); allowing it accepts such guests on SMT hosts at the price of
/// one idle thread per vCPU.
/// </param>
/// <param name="IsolateOnSmtHeadroom">
/// Share of an SMT cell's pinnable CPUs that should stay free after an <c>isolate</c> guest takes
/// whole cores there: idle siblings are only worth paying for while the cell has slack.
/// </param>
/// <param name="IsolateOnSmtMinimumHeadroom">
/// The share that must stay free: when no host can keep <paramref name="IsolateOnSmtHeadroom"/>, an
/// <c>isolate</c> request gets a second look with this one. At most the preferred headroom; 0 places
/// such a guest wherever its whole cores are free.
/// </param>
/// <param name="DemandWeight">
/// Weight of what a placement costs the recent request shapes that would no longer fit on the host,
/// each counted by how often it came and divided by the hosts it still fits; among the cheapest
/// few fits it decides near-ties. 0 leaves the choice to fit cost alone.
/// </param>
public sealed record PlacementOptions(
    HostPreference Preference = HostPreference.Spread,
    double CpuAllocationRatio = 4.0,
    int? CandidateHosts = null,
    bool IsolateOnSmt = true,
    double IsolateOnSmtHeadroom = 0.4,
    double IsolateOnSmtMinimumHeadroom = 0.2,
    double DemandWeight = 32)
{
    /// <summary>
    /// The candidates per host shape on a fleet of <paramref name="hosts"/>: the set value, or
    /// ⌈1.6 √hosts⌉ and at least 8 (16 at 100 hosts, 51 at 1,000, 160 at 10,000). A larger fleet
    /// holds more good fits than its first few hosts (at 1,000 hosts × 20,000 requests, 51 accepted
    /// 108–348 more per profile than 16); at 100 hosts, more than 16 accepted fewer on fragmenting
    /// fleets. The square root keeps the cost per decision sublinear in the fleet.
    /// </summary>
    public int CandidatesFor(int hosts) => CandidateHosts ?? Math.Max(8, (int)Math.Ceiling(1.6 * Math.Sqrt(hosts)));

    /// <summary>What makes these options unusable, or null when they are fine.</summary>
    public string? Problem() =>
        CpuAllocationRatio <= 0 || CandidateHosts < 1 ? "CpuAllocationRatio must be > 0 and CandidateHosts ≥ 1"
        : !double.IsFinite(DemandWeight) || DemandWeight < 0 ? "DemandWeight must be a finite number ≥ 0"
        : IsolateOnSmtMinimumHeadroom is < 0 or > 1 || IsolateOnSmtHeadroom is < 0 or > 1 || IsolateOnSmtMinimumHeadroom > IsolateOnSmtHeadroom
            ? "the isolate-on-SMT headrooms must lie in [0, 1], the minimum at most the preferred one"
        : null;
}
