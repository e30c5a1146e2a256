using System.Collections.Immutable;

namespace NfvMano.Placement.Inventory;

/// <summary>
/// A compute host as the placement engine sees it: its NUMA cells and availability zone.
/// </summary>
/// <param name="Name">Unique host name (the VIM's hypervisor host name).</param>
/// <param name="Zone">Availability zone.</param>
/// <param name="Cells">The host's NUMA cells.</param>
public sealed record HostInventory(string Name, string Zone, ImmutableArray<NumaCellInventory> Cells);
