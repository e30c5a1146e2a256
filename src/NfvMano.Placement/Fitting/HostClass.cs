using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement.Fitting;

/// <summary>
/// Hosts of one shape: SMT or not, cell count, and which physnets each cell carries. Each class
/// keeps its own index by free memory, so a decision looks at a few hosts of every shape.
/// </summary>
internal sealed class HostClass
{
    public HostClass(int id, string shape, HostState sample)
    {
        Id = id;
        Shape = shape;
        Smt = sample.Cells.Any(c => c.Smt);
        Cells = sample.Cells.Length;
        Physnets = [.. sample.Cells.SelectMany(c => c.VfPhysnet)];
    }

    public int Id { get; }

    public string Shape { get; }

    public bool Smt { get; }

    public int Cells { get; }

    public HashSet<int> Physnets { get; }

    public SortedSet<long> Index { get; } = [];

    public static string ShapeOf(HostState host) =>
        string.Join("|", host.Cells.Select(c => (c.Smt ? "smt:" : "nosmt:") + string.Join(",", c.VfPhysnet.Order())));

    /// <summary>Whether hosts of this shape could ever take the request (capacity aside).</summary>
    public bool CanServe(FitRequest req)
    {
        if (req.Nodes > Cells || (req.Dedicated && req.Thread == ThreadPolicy.Require && !Smt))
        {
            return false;
        }

        foreach (var p in req.VfPhysnet)
        {
            if (!Physnets.Contains(p))
            {
                return false;
            }
        }

        return true;
    }
}
