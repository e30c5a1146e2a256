using System.Collections.Immutable;
using System.Text.Json;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Inventory;

namespace NfvMano.Placement.Bench;

/// <summary>A parsed <c>nfvmano-placement-scenario/1</c> document; entries stay JSON until the timed loop turns them into requests.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Preference">Spread or pack.</param>
/// <param name="CpuAllocationRatio">Shared vCPU over-commit.</param>
/// <param name="Hosts">The fleet.</param>
/// <param name="Entries">Creates and deletes in order.</param>
/// <param name="CreateCount">How many entries are creates.</param>
public sealed record Scenario(
    string Name,
    HostPreference Preference,
    double CpuAllocationRatio,
    ImmutableArray<HostInventory> Hosts,
    ImmutableArray<JsonElement> Entries,
    int CreateCount);
