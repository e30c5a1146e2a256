using System.Collections.Concurrent;
using System.Collections.Immutable;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Placement;

/// <summary>
/// Fits VNFC requests onto a fleet and keeps the reservation ledger. Thread-safe: decisions run
/// concurrently; each host has its own lock and a claim re-checks the host's version before it takes
/// anything, so no CPU, page or VF is ever given twice.
/// </summary>
public sealed class PlacementEngine
{
    private const int HostIndexBits = 24;
    private const int MaxClaimAttempts = 32;

    private readonly HostState[] _hosts;
    private readonly Dictionary<string, HostState> _hostByName;
    private readonly Dictionary<string, int> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _physnets = new(StringComparer.Ordinal);
    private readonly List<HostClass> _classes = [];
    private readonly ReaderWriterLockSlim _indexLock = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentDictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Assignment> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LedgerEntry> _ledger = new();
    private readonly ConcurrentDictionary<string, int[]> _misfits = new(StringComparer.Ordinal);

    // Options for the second look an isolate request gets when no host keeps the preferred SMT headroom.
    private readonly PlacementOptions? _isolateLastResort;
    private readonly DemandWatch? _demand;
    private readonly ConcurrentDictionary<string, (long[] Version, int[] Code)> _reasons = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Creates an engine over an empty fleet.</summary>
    /// <exception cref="InventoryException">The inventory contradicts itself; the message names the host and cell.</exception>
    public PlacementEngine(IEnumerable<HostInventory> hosts, PlacementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        Options = options ?? new PlacementOptions();
        if (Options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (Options.IsolateOnSmt && Options.IsolateOnSmtMinimumHeadroom < Options.IsolateOnSmtHeadroom)
        {
            _isolateLastResort = Options with { IsolateOnSmtHeadroom = Options.IsolateOnSmtMinimumHeadroom };
        }

        var list = hosts.ToList();
        CandidateHosts = Options.CandidatesFor(list.Count);
        if (list.Count >= 1 << HostIndexBits)
        {
            throw new InventoryException($"{list.Count} hosts exceed the engine's limit of {(1 << HostIndexBits) - 1}");
        }

        _hosts = new HostState[list.Count];
        _hostByName = new Dictionary<string, HostState>(list.Count, StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var inv = list[i];
            if (!_zones.TryGetValue(inv.Zone, out var zone))
            {
                zone = _zones.Count;
                _zones[inv.Zone] = zone;
            }

            var host = new HostState(i, inv, zone, PhysnetId);
            if (!_hostByName.TryAdd(inv.Name, host))
            {
                throw new InventoryException($"host {inv.Name}: the name is used twice");
            }

            _hosts[i] = host;
            var shape = HostClass.ShapeOf(host);
            var cls = _classes.Find(c => c.Shape == shape);
            if (cls is null)
            {
                cls = new HostClass(_classes.Count, shape, host);
                _classes.Add(cls);
            }

            host.ClassId = cls.Id;
            cls.Index.Add(Key(host, host.FreeMemoryMiB));
        }

        _demand = Options.DemandWeight > 0 ? new DemandWatch(_hosts, Options) : null;
    }

    /// <summary>The options the engine runs with.</summary>
    public PlacementOptions Options { get; }

    /// <summary>How many fitting hosts of each shape compete on fit cost per decision.</summary>
    public int CandidateHosts { get; }

    /// <summary>The live assignments by request id.</summary>
    public IReadOnlyDictionary<string, Assignment> Live => _live;

    /// <summary>Rebuilds an engine's state from a ledger (entries in any order; applied by sequence).</summary>
    /// <exception cref="ClaimException">An entry cannot be applied on this inventory.</exception>
    public static PlacementEngine Replay(IEnumerable<HostInventory> hosts, PlacementOptions? options, IEnumerable<LedgerEntry> ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var engine = new PlacementEngine(hosts, options);
        foreach (var entry in ledger.OrderBy(e => e.Sequence))
        {
            if (entry.Operation == LedgerOperation.Claim)
            {
                engine.Claim(entry.Assignment);
            }
            else if (!engine.Release(entry.Assignment.RequestId))
            {
                throw new ClaimException($"ledger entry {entry.Sequence}: release of {entry.Assignment.RequestId}, which is not claimed");
            }
        }

        return engine;
    }

    /// <summary>The ledger so far, in sequence order.</summary>
    public IReadOnlyList<LedgerEntry> Ledger() => [.. _ledger.OrderBy(e => e.Sequence)];

    /// <summary>What is in use on every host cell, in fleet and cell order.</summary>
    public IReadOnlyList<CellUsage> Usage()
    {
        var result = new List<CellUsage>();
        foreach (var host in _hosts)
        {
            lock (host)
            {
                result.AddRange(host.Cells.Select(c => c.Usage(host.Name)));
            }
        }

        return result;
    }

    /// <summary>Decides a request and, when a host fits, claims the assignment before returning it.</summary>
    public PlacementDecision Place(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Problems();
        if (problems.Count > 0)
        {
            return PlacementDecision.Reject(request.Id, "invalid request: " + string.Join("; ", problems), []);
        }

        if (_live.ContainsKey(request.Id))
        {
            return PlacementDecision.Reject(request.Id, $"request {request.Id} is already placed", []);
        }

        var req = Normalize(request);
        _demand?.Observe(req);
        if (request.Groups.IsEmpty)
        {
            return PlaceUnderGroups(req, GroupSet.None);
        }

        var states = new List<(GroupState, string?)>(request.Groups.Length);
        foreach (var wanted in request.Groups)
        {
            var group = _groups.GetOrAdd(wanted.Name, _ => new GroupState(wanted));
            if (group.Group.Policy != wanted.Policy || group.Group.Scope != wanted.Scope)
            {
                return PlacementDecision.Reject(request.Id, $"group {wanted.Name} is {group.Group.Policy} ({group.Group.Scope} scope), the request says {wanted.Policy} ({wanted.Scope} scope)", []);
            }

            states.Add((group, wanted.Member));
        }

        var groups = new GroupSet(states);
        groups.Enter();
        try
        {
            return PlaceUnderGroups(req, groups);
        }
        finally
        {
            groups.Exit();
        }
    }

    /// <summary>Claims a given assignment (e.g. one decided elsewhere or read back from storage).</summary>
    /// <exception cref="ClaimException">A resource is not free, the host is unknown, or the group forbids the host.</exception>
    public void Claim(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var host = _hostByName.GetValueOrDefault(assignment.Host) ?? throw new ClaimException($"{assignment.RequestId}: unknown host {assignment.Host}");
        var groups = new GroupSet(assignment.Groups.Select(g => (_groups.GetOrAdd(g.Name, _ => new GroupState(g)), g.Member)));
        groups.Enter();
        try
        {
            if (groups.FirstExcluding(host) is { } group)
            {
                throw new ClaimException($"{assignment.RequestId}: group {group.Group.Name} ({group.Group.Policy}) forbids host {host.Name}");
            }

            ClaimOnHost(host, assignment, groups);
        }
        finally
        {
            groups.Exit();
        }
    }

    /// <summary>Releases a live assignment exactly; false when the request holds nothing.</summary>
    public bool Release(string requestId)
    {
        if (!_live.TryGetValue(requestId, out var assignment))
        {
            return false;
        }

        var host = _hostByName[assignment.Host];
        var groups = new GroupSet(assignment.Groups.Select(g => (_groups[g.Name], g.Member)));
        groups.Enter();
        try
        {
            lock (host)
            {
                if (!_live.TryRemove(new KeyValuePair<string, Assignment>(requestId, assignment)))
                {
                    return false;
                }

                HostFitter.Unapply(host, assignment);
                groups.Remove(host);
                _ledger.Enqueue(new LedgerEntry(Interlocked.Increment(ref _sequence), LedgerOperation.Release, assignment));
            }
        }
        finally
        {
            groups.Exit();
        }

        Reindex(host);
        return true;
    }

    private void ClaimOnHost(HostState host, Assignment assignment, GroupSet groups)
    {
        lock (host)
        {
            if (!_live.TryAdd(assignment.RequestId, assignment))
            {
                throw new ClaimException($"{assignment.RequestId}: already claimed");
            }

            try
            {
                HostFitter.Apply(host, assignment, Options);
            }
            catch
            {
                _live.TryRemove(assignment.RequestId, out _);
                throw;
            }

            groups.Add(host);
            _ledger.Enqueue(new LedgerEntry(Interlocked.Increment(ref _sequence), LedgerOperation.Claim, assignment));
        }

        Reindex(host);
    }

    private PlacementDecision PlaceUnderGroups(FitRequest req, GroupSet groups)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var options = Options;
            var (host, plan) = Choose(req, groups, options);
            if (plan is null && SecondLook(req) is { } second)
            {
                options = second;
                (host, plan) = Choose(req, groups, options);
            }

            if (host is null || plan is null)
            {
                return Explain(req, groups);
            }

            Assignment? assignment = null;
            lock (host)
            {
                if (host.Version != plan.Version)
                {
                    // Another thread changed the host since the plan was made: re-fit on the new state.
                    plan = HostFitter.Evaluate(host, req, options);
                }

                if (plan is not null)
                {
                    assignment = HostFitter.Materialize(host, req, plan);
                    if (!_live.TryAdd(assignment.RequestId, assignment))
                    {
                        return PlacementDecision.Reject(req.Source.Id, $"request {req.Source.Id} is already placed", []);
                    }

                    HostFitter.Apply(host, assignment, Options);
                    groups.Add(host);
                    _ledger.Enqueue(new LedgerEntry(Interlocked.Increment(ref _sequence), LedgerOperation.Claim, assignment));
                }
            }

            if (assignment is not null)
            {
                Reindex(host);
                return PlacementDecision.Accept(assignment);
            }
        }

        return PlacementDecision.Reject(req.Source.Id, $"no host could be claimed after {MaxClaimAttempts} attempts under contention", []);
    }

    /// <summary>The options of a second look when no host fits under the engine's own, or null for none.</summary>
    private PlacementOptions? SecondLook(FitRequest req) => req.Dedicated && req.Thread == ThreadPolicy.Isolate ? _isolateLastResort : null;

    private (HostState? Host, HostPlan? Plan) Choose(FitRequest req, GroupSet groups, PlacementOptions options)
    {
        if (req.Zone == -2)
        {
            return (null, null);
        }

        // An affinity group with live members names its host: no scan.
        if (groups.PinnedHost() is { } pinned)
        {
            var only = _hosts[pinned];
            if ((req.Zone >= 0 && only.ZoneId != req.Zone) || !groups.Allows(only))
            {
                return (null, null);
            }

            lock (only)
            {
                return (only, HostFitter.Evaluate(only, req, options));
            }
        }

        HostState? best = null;
        HostPlan? bestPlan = null;

        // The cheapest few fits, cheapest first, when the demand watch is to weigh them.
        var rivals = _demand is not null && ReferenceEquals(options, Options) ? new (HostState Host, HostPlan Plan)[DemandWatch.Rivals] : null;
        var rivalCount = 0;

        // Per request shape, the release epoch (+1) at which each host was last seen not to fit:
        // such a host is skipped without a look until something on it is released.
        var misfitKey = ReferenceEquals(options, Options) ? req.Shape : req.Shape + "|last resort";
        var misfit = _misfits.GetOrAdd(misfitKey, _ => new int[_hosts.Length]);
        _indexLock.EnterReadLock();
        try
        {
            // Hosts of one shape (SMT, NIC layout, cell count) compete inside their class in
            // preference order; the classes compete on fit cost, so a request finds the kind of
            // host that suits it without walking the whole fleet.
            foreach (var cls in _classes)
            {
                if (!cls.CanServe(req))
                {
                    continue;
                }

                var found = 0;
                var rank = 0;
                var order = Options.Preference == HostPreference.Spread ? cls.Index.Reverse() : cls.Index;
                foreach (var key in order)
                {
                    var host = _hosts[HostIndexOf(key)];
                    rank++;
                    if ((req.Zone >= 0 && host.ZoneId != req.Zone) || (!groups.IsEmpty && !groups.Allows(host))
                        || Volatile.Read(ref misfit[host.Index]) == host.ReleaseEpoch + 1)
                    {
                        continue;
                    }

                    HostPlan? plan;
                    lock (host)
                    {
                        plan = HostFitter.Evaluate(host, req, options);
                        if (plan is null)
                        {
                            Volatile.Write(ref misfit[host.Index], host.ReleaseEpoch + 1);
                            continue;
                        }
                    }

                    // Ties keep preference order.
                    plan.Cost += rank * 1e-9;
                    if (rivals is not null)
                    {
                        rivalCount = KeepCheapest(rivals, rivalCount, host, plan);
                    }

                    if (bestPlan is null || plan.Cost < bestPlan.Cost)
                    {
                        best = host;
                        bestPlan = plan;
                    }

                    if (++found >= CandidateHosts)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        return rivalCount > 1 ? WeighDemand(req, rivals.AsSpan(0, rivalCount)) : (best, bestPlan);
    }

    private static int KeepCheapest((HostState Host, HostPlan Plan)[] rivals, int count, HostState host, HostPlan plan)
    {
        var i = Math.Min(count, rivals.Length);
        if (i == rivals.Length && plan.Cost >= rivals[i - 1].Plan.Cost)
        {
            return count;
        }

        i = Math.Min(i, rivals.Length - 1);
        while (i > 0 && rivals[i - 1].Plan.Cost > plan.Cost)
        {
            rivals[i] = rivals[i - 1];
            i--;
        }

        rivals[i] = (host, plan);
        return Math.Min(count + 1, rivals.Length);
    }

    /// <summary>Among the cheapest fits, the one whose fit cost plus what it takes from recent request shapes is least.</summary>
    private (HostState? Host, HostPlan? Plan) WeighDemand(FitRequest req, ReadOnlySpan<(HostState Host, HostPlan Plan)> rivals)
    {
        HostState? best = null;
        HostPlan? bestPlan = null;
        var bestScore = double.PositiveInfinity;
        foreach (var (host, plan) in rivals)
        {
            // Rivals come cheapest first and a charge is never negative: once a fit costs as much as the
            // best score so far, neither it nor any after it can win, and their charges need not be worked out.
            if (plan.Cost >= bestScore)
            {
                break;
            }

            double score;
            lock (host)
            {
                // A host changed by another thread since its plan was made is left to the claim's re-fit.
                score = plan.Cost + (host.Version == plan.Version ? _demand!.Charge(host, req, plan) : 0);
            }

            if (score < bestScore)
            {
                (best, bestPlan, bestScore) = (host, plan, score);
            }
        }

        return (best, bestPlan);
    }

    private PlacementDecision Explain(FitRequest req, GroupSet groups)
    {
        // Codes below zero are the host filters (one per group: -2 - its index); the rest come from the explainer.
        const int OutsideZone = -1, ExcludedByGroup = -2;
        var counts = new Dictionary<int, int>();

        // A host's reason only changes when the host does: reasons are kept per request shape
        // with the host version they were found at, so repeated rejections cost a look-up per host.
        var memo = _reasons.GetOrAdd(req.Shape, _ => (new long[_hosts.Length], new int[_hosts.Length]));

        // The reasons are those of the last look the request had.
        var options = SecondLook(req) ?? Options;
        foreach (var host in _hosts)
        {
            int code;
            if (req.Zone != -1 && host.ZoneId != req.Zone)
            {
                code = OutsideZone;
            }
            else if (groups.FirstExcluding(host) is { } excluding)
            {
                code = ExcludedByGroup - groups.IndexOf(excluding);
            }
            else
            {
                lock (host)
                {
                    if (memo.Version[host.Index] == host.Version + 1)
                    {
                        code = memo.Code[host.Index];
                    }
                    else
                    {
                        code = RejectionExplainer.Explain(host, req, options);
                        memo.Code[host.Index] = code;
                        memo.Version[host.Index] = host.Version + 1;
                    }
                }
            }

            counts[code] = counts.GetValueOrDefault(code) + 1;
        }

        string Phrase(int code)
        {
            if (code == OutsideZone)
            {
                return $"are outside zone {req.Source.Zone}";
            }

            if (code <= ExcludedByGroup)
            {
                var group = groups.Groups[ExcludedByGroup - code].Group;
                return group.Policy == GroupPolicy.AntiAffinity
                    ? $"are excluded by anti-affinity group {group.Name}"
                    : $"are excluded by affinity group {group.Name}";
            }

            return RejectionExplainer.Phrase(code, req, options);
        }

        var ordered = counts.Select(c => new RejectionCount(Phrase(c.Key), c.Value))
            .OrderByDescending(c => c.Hosts).ThenBy(c => c.Reason, StringComparer.Ordinal)
            .ToImmutableArray();
        var parts = ordered.Select((c, i) => $"{c.Hosts}{(i > 0 ? "" : c.Hosts == 1 ? " host" : " hosts")} {(c.Hosts == 1 ? Singular(c.Reason) : c.Reason)}");
        return PlacementDecision.Reject(req.Source.Id, "no host fits: " + string.Join(", ", parts), ordered);
    }

    private static string Singular(string reason) =>
        reason.StartsWith("lack ", StringComparison.Ordinal) ? "lacks " + reason[5..]
        : reason.StartsWith("are ", StringComparison.Ordinal) ? "is " + reason[4..]
        : reason.StartsWith("have ", StringComparison.Ordinal) ? "has " + reason[5..]
        : reason;

    private void Reindex(HostState host)
    {
        _indexLock.EnterWriteLock();
        try
        {
            long free;
            lock (host)
            {
                free = host.FreeMemoryMiB;
            }

            if (free != host.IndexedFreeMemoryMiB)
            {
                var index = _classes[host.ClassId].Index;
                index.Remove(Key(host, host.IndexedFreeMemoryMiB));
                host.IndexedFreeMemoryMiB = free;
                index.Add(Key(host, free));
            }
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    private long Key(HostState host, long freeMemoryMiB)
    {
        // Spread walks keys from the top, so the host index is inverted to keep "first listed wins" on ties.
        long idx = Options.Preference == HostPreference.Spread ? ((1 << HostIndexBits) - 1) ^ host.Index : host.Index;
        return (freeMemoryMiB << HostIndexBits) | idx;
    }

    private int HostIndexOf(long key) =>
        (int)(key & ((1L << HostIndexBits) - 1)) ^ (Options.Preference == HostPreference.Spread ? (1 << HostIndexBits) - 1 : 0);

    private int PhysnetId(string name)
    {
        if (!_physnets.TryGetValue(name, out var id))
        {
            id = _physnets.Count;
            _physnets[name] = id;
        }

        return id;
    }

    private FitRequest Normalize(PlacementRequest r)
    {
        var nodes = r.Nodes();
        var ports = (r.SrIov.IsDefault ? [] : r.SrIov)
            .GroupBy(p => p.Physnet, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Sum(p => p.Count)))
            .ToArray();
        return new FitRequest
        {
            Source = r,
            NodeVcpus = nodes.Select(n => n.Vcpus).ToArray(),
            NodeMemory = nodes.Select(n => n.MemoryMiB).ToArray(),
            Dedicated = r.CpuPolicy == CpuPolicy.Dedicated,
            Thread = r.ThreadPolicy,
            Page = r.PageSize,
            VfPhysnet = ports.Select(p => _physnets.GetValueOrDefault(p.Name, -1)).ToArray(),
            VfPhysnetName = ports.Select(p => p.Name).ToArray(),
            VfCount = ports.Select(p => p.Count).ToArray(),
            VfLocal = r.PciNumaAffinity != PciNumaAffinity.Preferred,
            Zone = r.Zone is null ? -1 : _zones.GetValueOrDefault(r.Zone, -2),
            Shape = string.Join(
                '|',
                string.Join(',', nodes.Select(n => n.Vcpus)),
                string.Join(',', nodes.Select(n => n.MemoryMiB)),
                r.CpuPolicy,
                r.CpuPolicy == CpuPolicy.Dedicated ? r.ThreadPolicy : ThreadPolicy.Prefer,
                r.PageSize.Kind,
                r.PageSize.SizeKiB,
                string.Join(',', ports.Select(p => $"{p.Name}={p.Count}")),
                r.PciNumaAffinity != PciNumaAffinity.Preferred),
        };
    }
}
