using System.Collections.Immutable;
using NfvMano.Descriptors.Epa;
using NfvMano.Placement.Requests;
using PlacementCpuPolicy = NfvMano.Placement.Requests.CpuPolicy;
using PlacementPageSize = NfvMano.Placement.Requests.PageSizeRequest;
using PlacementPciAffinity = NfvMano.Placement.Requests.PciNumaAffinity;
using PlacementThreadPolicy = NfvMano.Placement.Requests.ThreadPolicy;

namespace NfvMano.Lifecycle.Realisation;

/// <summary>Turns a VDU's normalised EPA requirements into a placement request for one VNFC.</summary>
public static class PlacementRequestMapper
{
    /// <summary>The request, or every reason the requirements cannot be placed by this engine.</summary>
    public static (PlacementRequest? Request, IReadOnlyList<string> Problems) FromVdu(
        string requestId, string vduId, VduRequirements requirements, ImmutableArray<ServerGroup> groups = default, string? zone = null)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var problems = new List<string>();

        var cpuPolicy = requirements.CpuPolicy switch
        {
            Descriptors.Epa.CpuPolicy.Shared => PlacementCpuPolicy.Shared,
            Descriptors.Epa.CpuPolicy.Dedicated => PlacementCpuPolicy.Dedicated,
            _ => Problem<PlacementCpuPolicy>(problems, $"VDU {vduId}: cpu policy {requirements.CpuPolicy} (some vCPUs pinned, some floating) is not supported by the placement engine"),
        };
        var threadPolicy = requirements.ThreadPolicy switch
        {
            Descriptors.Epa.ThreadPolicy.Isolate => PlacementThreadPolicy.Isolate,
            Descriptors.Epa.ThreadPolicy.Require => PlacementThreadPolicy.Require,
            _ => PlacementThreadPolicy.Prefer,
        };
        var pageSize = requirements.PageSize switch
        {
            null => PlacementPageSize.Small,
            { Kind: Descriptors.Epa.PageSizeKind.Small } => PlacementPageSize.Small,
            { Kind: Descriptors.Epa.PageSizeKind.Large } => PlacementPageSize.Large,
            { Kind: Descriptors.Epa.PageSizeKind.Any } => PlacementPageSize.Any,
            { Bytes: { } bytes } when bytes >= 4096 && bytes % 1024 == 0 => PlacementPageSize.Of(bytes / 1024),
            var other => Problem<PlacementPageSize>(problems, $"VDU {vduId}: page size {other} is not a size the engine understands"),
        };
        var affinity = requirements.PciNumaAffinity switch
        {
            Descriptors.Epa.PciNumaAffinity.Required => PlacementPciAffinity.Required,
            // With one NUMA cell per socket, as on every server the engine models, socket affinity is cell affinity.
            Descriptors.Epa.PciNumaAffinity.Socket => PlacementPciAffinity.Required,
            Descriptors.Epa.PciNumaAffinity.Preferred => PlacementPciAffinity.Preferred,
            _ => PlacementPciAffinity.Legacy,
        };

        var sriov = new List<SrIovPortRequest>();
        foreach (var byNetwork in requirements.SriovPorts.GroupBy(p => p.PhysicalNetwork, StringComparer.Ordinal))
        {
            if (byNetwork.Key is null)
            {
                problems.Add($"VDU {vduId}: SR-IOV port(s) {string.Join(", ", byNetwork.Select(p => p.ConnectionPoint))} name no physical network");
                continue;
            }
            sriov.Add(new SrIovPortRequest(byNetwork.Key, byNetwork.Count()));
        }

        var nodeCount = Math.Max(1, requirements.NumaNodes.Count);
        var explicitNodes = requirements.NumaNodes.Count > 0
            ? requirements.NumaNodes.OrderBy(n => n.Id).Select(n => new Placement.Requests.GuestNumaNode(n.Vcpus.Count, n.MemoryMiB)).ToImmutableArray()
            : [];
        var evenSplit = explicitNodes.IsDefaultOrEmpty
            || explicitNodes.All(n => n.Vcpus == requirements.Vcpus / nodeCount && n.MemoryMiB == requirements.MemoryMiB / nodeCount);

        var request = new PlacementRequest(
            requestId,
            requirements.Vcpus,
            requirements.MemoryMiB,
            cpuPolicy,
            threadPolicy,
            nodeCount,
            pageSize,
            [.. sriov],
            affinity,
            groups,
            zone,
            evenSplit ? default : explicitNodes);
        problems.AddRange(request.Problems().Select(p => $"VDU {vduId}: {p}"));
        return problems.Count == 0 ? (request, problems) : (null, problems);
    }

    private static T Problem<T>(List<string> problems, string problem)
    {
        problems.Add(problem);
        return default!;
    }
}
