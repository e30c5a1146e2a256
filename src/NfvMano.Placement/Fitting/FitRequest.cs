using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Fitting;

/// <summary>A request turned into the engine's own form: ids instead of names, nodes expanded, VFs merged per physnet.</summary>
internal sealed class FitRequest
{
    public required PlacementRequest Source { get; init; }

    public required int[] NodeVcpus { get; init; }

    public required long[] NodeMemory { get; init; }

    public required bool Dedicated { get; init; }

    public required ThreadPolicy Thread { get; init; }

    public required PageSizeRequest Page { get; init; }

    /// <summary>Physnet ids wanted; -1 for a physnet no host has.</summary>
    public required int[] VfPhysnet { get; init; }

    public required string[] VfPhysnetName { get; init; }

    public required int[] VfCount { get; init; }

    public required bool VfLocal { get; init; }

    /// <summary>Zone id, -1 for any, -2 for a zone no host is in.</summary>
    public required int Zone { get; init; }

    /// <summary>
    /// Everything that decides whether a host fits, apart from zone and group: requests with the
    /// same shape fit the same hosts.
    /// </summary>
    public required string Shape { get; init; }

    public int Nodes => NodeVcpus.Length;

    public bool WantsVfs => VfCount.Length > 0;

    public bool WantsVf(int physnet) => Array.IndexOf(VfPhysnet, physnet) >= 0;
}
