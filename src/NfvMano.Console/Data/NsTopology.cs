using NfvMano.Descriptors.Nsd;

namespace NfvMano.Console.Data;

/// <summary>A point of the topology drawing.</summary>
public readonly record struct Point(int X, int Y);

/// <summary>A node: a SAP, a VNF (profile) or a virtual link.</summary>
public sealed record TopologyNode(string Id, string Kind, string Label, string Fill, int X, int Y)
{
    /// <summary>Where edges attach.</summary>
    public Point At => new(X, Y);
}

/// <summary>A connection between two nodes.</summary>
public sealed record TopologyEdge(Point From, Point To);

/// <summary>A forwarding path drawn through its hops in order.</summary>
public sealed record TopologyPath(string Id, IReadOnlyList<Point> Points, int Offset);

/// <summary>The laid-out topology of an NS flavour.</summary>
public sealed record NsGraph(IReadOnlyList<TopologyNode> Nodes, IReadOnlyList<TopologyEdge> Edges, IReadOnlyList<TopologyPath> Paths, int Height);

/// <summary>
/// Lays an NS flavour out in three columns — SAPs, VNFs, virtual links — with its connections, and the VNFFG paths
/// as ordered polylines through the nodes their hops name.
/// </summary>
public static class NsTopology
{
    /// <summary>The drawing's width.</summary>
    public const int Width = 900;

    private const int RowHeight = 70;

    /// <summary>The graph of <paramref name="flavour"/>, with the VNF instances realising its profiles.</summary>
    public static NsGraph Of(NsFlavour flavour, IReadOnlyList<(string ProfileId, Guid VnfInstanceId, string State)> vnfs)
    {
        ArgumentNullException.ThrowIfNull(flavour);
        ArgumentNullException.ThrowIfNull(vnfs);
        var nodes = new List<TopologyNode>();
        void Column(IEnumerable<(string Id, string Kind, string Label, string Fill)> items, int x)
        {
            var row = 0;
            foreach (var (id, kind, label, fill) in items)
            {
                nodes.Add(new TopologyNode(id, kind, label, fill, x, 40 + (row++ * RowHeight)));
            }
        }

        Column(flavour.Saps.Select(s => (s.Id, "sap", "SAP", "#fff3e0")), 120);
        Column(flavour.VnfProfiles.Select(p =>
        {
            var realised = vnfs.Where(v => v.ProfileId == p.Id).ToList();
            // Several instances of a profile are counted, or the label outgrows its box.
            var label = realised.Count switch
            {
                0 => $"{p.ProductName} ({p.FlavourId})",
                1 => $"{p.ProductName}: {realised[0].State}",
                _ => $"{p.ProductName} ×{realised.Count} · {realised.Count(r => r.State == "INSTANTIATED")} instantiated",
            };
            return (p.Id, "vnf", label, realised.Count == 0 ? "#ede7f6" : "#d1c4e9");
        }), 450);
        Column(flavour.VirtualLinks.Select(l => (l.Id, "vl", "virtual link", "#e0f2f1")), 780);

        var byId = nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        var edges = new List<TopologyEdge>();
        foreach (var profile in flavour.VnfProfiles)
        {
            foreach (var link in profile.VirtualLinks)
            {
                if (byId.TryGetValue(profile.Id, out var from) && byId.TryGetValue(link.VirtualLink, out var to))
                {
                    edges.Add(new TopologyEdge(from.At, to.At));
                }
            }
        }

        foreach (var sap in flavour.Saps)
        {
            if (sap.InternalVirtualLink is { } vl && byId.TryGetValue(sap.Id, out var from) && byId.TryGetValue(vl, out var to))
            {
                edges.Add(new TopologyEdge(from.At, to.At));
            }
        }

        var paths = new List<TopologyPath>();
        var offset = -8;
        foreach (var nfp in flavour.Vnffgs.SelectMany(g => g.Nfps))
        {
            var points = nfp.Positions.SelectMany(p => p.Elements).SelectMany(e => e.ConnectionPoints.Select(c => c.Node).DefaultIfEmpty(e.Id))
                .Select(node => byId.TryGetValue(node, out var n) ? n.At : (Point?)null)
                .OfType<Point>().ToList();
            if (points.Count > 1)
            {
                paths.Add(new TopologyPath(nfp.Id, points, offset));
                offset += 6;
            }
        }

        var rows = Math.Max(1, new[] { flavour.Saps.Count, flavour.VnfProfiles.Count, flavour.VirtualLinks.Count }.Max());
        return new NsGraph(nodes, edges, paths, 40 + (rows * RowHeight));
    }

    /// <summary>The hops of a forwarding path in order, as <c>node.cp</c>.</summary>
    public static IReadOnlyList<string> Hops(Nfp nfp)
    {
        ArgumentNullException.ThrowIfNull(nfp);
        return [.. nfp.Positions.SelectMany(p => p.Elements.SelectMany(e => e.ConnectionPoints.Count == 0
            ? [e.Id]
            : e.ConnectionPoints.Select(c => c.ConnectionPoint is null ? c.Node : $"{c.Node}.{c.ConnectionPoint}")))];
    }
}
