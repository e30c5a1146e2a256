using NfvMano.Placement.Claims;

namespace NfvMano.Placement.Fitting;

/// <summary>
/// Remembers the shapes of the last requests and on how many hosts each still fits, and charges a
/// placement for the room it takes from them: a shape that fits on few hosts loses much when one of
/// them goes, one that fits almost anywhere loses nothing. The engine weighs this charge only among
/// its cheapest few fits, so spread and the cost terms still decide, and this breaks near-ties
/// towards the host whose loss later requests will feel least.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Observe"/> serialises on a private gate and then locks hosts one at a
/// time; <see cref="Charge"/> runs under the host's lock and reads only the published snapshot, so
/// the two never wait for each other in opposite order.
/// </remarks>
internal sealed class DemandWatch
{
    /// <summary>How many of the engine's cheapest fits compete on fit cost plus this charge.</summary>
    public const int Rivals = 3;

    // Measured on the placement kit's scenarios: a window of 100 requests reacted to noise (thin
    // margins went either way), 500 remembered shapes that had stopped coming.
    private const int Window = 200;

    // The fleet count of each shape is re-counted every RefreshEvery requests on an evenly spread
    // sample of hosts (every host up to SampleHosts), so the cost per request does not grow with the fleet.
    private const int RefreshEvery = 50;
    private const int SampleHosts = 128;

    // A shape whose charge would be below this is not looked at: it fits on so many hosts that
    // one fewer cannot change a choice.
    private const double NegligibleCharge = 1e-3;

    private readonly HostState[] _hosts;
    private readonly HostState[] _sample;
    private readonly PlacementOptions _options;
    private readonly double _weight;
    private readonly Queue<FitRequest> _recent = new();
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sinceRefresh = RefreshEvery;
    private Watched[] _watched = [];

    public DemandWatch(HostState[] hosts, PlacementOptions options)
    {
        _hosts = hosts;
        _options = options;
        _weight = options.DemandWeight;
        var step = Math.Max(1, hosts.Length / SampleHosts);
        _sample = [.. Enumerable.Range(0, Math.Min(hosts.Length, SampleHosts)).Select(i => hosts[i * step])];
    }

    /// <summary>Counts a request's shape into the window; every so often re-counts where the shapes fit.</summary>
    public void Observe(FitRequest req)
    {
        lock (_gate)
        {
            _recent.Enqueue(req);
            if (_shapes.TryGetValue(req.Shape, out var shape))
            {
                shape.Count++;
            }
            else
            {
                // Until the next count a new shape is taken to fit one host, as a rare shape would:
                // counting it at once accepted fewer (+42 over the 86 kit scenarios with a Nova result,
                // against +102), since the shapes that come rarely are the large ones whose room goes first.
                _shapes[req.Shape] = new Shape(req);
            }

            if (_recent.Count > Window)
            {
                var old = _recent.Dequeue();
                var gone = _shapes[old.Shape];
                if (--gone.Count == 0)
                {
                    _shapes.Remove(old.Shape);
                }
            }

            if (++_sinceRefresh >= RefreshEvery)
            {
                _sinceRefresh = 0;
                foreach (var s in _shapes.Values)
                {
                    s.Hosts = FleetCount(s.Request);
                }
            }

            var watched = new List<Watched>(_shapes.Count);
            foreach (var s in _shapes.Values)
            {
                // A shape found on no sampled host may still fit on a few others: it counts as one.
                var charge = _weight * s.Count / Window / Math.Max(1.0, s.Hosts);
                if (charge >= NegligibleCharge)
                {
                    watched.Add(new Watched(s.Request, charge));
                }
            }

            Volatile.Write(ref _watched, [.. watched]);
        }
    }

    /// <summary>
    /// What placing <paramref name="req"/> by <paramref name="plan"/> costs the recent shapes that fit on
    /// <paramref name="host"/> now and would not then. The caller holds the host's lock; the host is
    /// left exactly as it was, version included.
    /// </summary>
    public double Charge(HostState host, FitRequest req, HostPlan plan)
    {
        var watched = Volatile.Read(ref _watched);
        if (watched.Length == 0)
        {
            return 0;
        }

        Span<bool> before = watched.Length <= 256 ? stackalloc bool[watched.Length] : new bool[watched.Length];
        var any = false;
        for (var k = 0; k < watched.Length; k++)
        {
            before[k] = HostFitter.Evaluate(host, watched[k].Request, _options) is not null;
            any |= before[k];
        }

        if (!any)
        {
            return 0;
        }

        var (version, epoch) = (host.Version, host.ReleaseEpoch);
        var assignment = HostFitter.Materialize(host, req, plan);
        HostFitter.Apply(host, assignment, _options);
        var charge = 0.0;
        try
        {
            for (var k = 0; k < watched.Length; k++)
            {
                if (before[k] && HostFitter.Evaluate(host, watched[k].Request, _options) is null)
                {
                    charge += watched[k].Charge;
                }
            }
        }
        finally
        {
            HostFitter.Unapply(host, assignment);
            (host.Version, host.ReleaseEpoch) = (version, epoch);
        }

        return charge;
    }

    /// <summary>On how many hosts the shape fits now, estimated from the sample.</summary>
    private double FleetCount(FitRequest req)
    {
        var fits = 0;
        foreach (var host in _sample)
        {
            lock (host)
            {
                fits += HostFitter.Evaluate(host, req, _options) is null ? 0 : 1;
            }
        }

        return (double)fits * _hosts.Length / _sample.Length;
    }

    private sealed class Shape(FitRequest request)
    {
        public FitRequest Request { get; } = request;

        public int Count { get; set; } = 1;

        public double Hosts { get; set; } = 1;
    }

    private readonly record struct Watched(FitRequest Request, double Charge);
}
