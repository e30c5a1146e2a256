using CsCheck;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;
using NfvMano.Placement.Tests.Support;

namespace NfvMano.Placement.Tests.Claims;

public sealed class ClaimPropertyTests
{
    private const double Ratio = 4.0;

    /// <summary>Runs a stream, checking every rule after every step; returns the engine and the live requests.</summary>
    private static (PlacementEngine Engine, Dictionary<string, PlacementRequest> Live) RunChecked(
        HostInventory[] fleet, (PlacementRequest? Create, int Delete)[] stream, PlacementOptions? options = null)
    {
        var engine = new PlacementEngine(fleet, options);
        var live = new Dictionary<string, PlacementRequest>();
        var created = new List<string>();
        foreach (var (create, delete) in stream)
        {
            if (create is null)
            {
                if (delete < created.Count)
                {
                    var id = created[delete];
                    Assert.Equal(live.Remove(id), engine.Release(id));
                }

                continue;
            }

            if (live.ContainsKey(create.Id) || created.Contains(create.Id))
            {
                continue;
            }

            created.Add(create.Id);
            var d = engine.Place(create);
            if (d.Accepted)
            {
                live[create.Id] = create;
            }
            else
            {
                Assert.StartsWith(d.Reason!.StartsWith("invalid", StringComparison.Ordinal) ? "invalid" : "no host fits: ", d.Reason, StringComparison.Ordinal);
            }

            var problems = StateChecker.Check(fleet, Ratio, live.Values.Select(r => (r, engine.Live[r.Id])));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        Assert.Equal(live.Keys.Order(), engine.Live.Keys.Order());
        return (engine, live);
    }

    [Fact]
    public void Stream_NeverPinsTwice_HonoursThreadPolicies_NeverOverCommits_KeepsVfAffinityAndGroups()
    {
        Gen.Select(Generators.Fleet, Generators.Stream).Sample((fleet, stream) => RunChecked(fleet, stream), iter: 300);
    }

    [Fact]
    public void Stream_WithIsolateOnSmtOffAndPackOrder_StaysLegal()
    {
        Gen.Select(Generators.Fleet, Generators.Stream).Sample(
            (fleet, stream) => RunChecked(fleet, stream, new PlacementOptions(HostPreference.Pack, Ratio, 1, IsolateOnSmt: false)),
            iter: 100);
    }

    [Fact]
    public void Release_RestoresTheExactStateBeforeTheClaim()
    {
        Gen.Select(Generators.Fleet, Generators.Stream, Generators.Request).Sample((fleet, stream, extra) =>
        {
            var (engine, _) = RunChecked(fleet, stream);
            var before = engine.Usage();
            var d = engine.Place(extra with { Id = "extra" });
            if (d.Accepted)
            {
                Assert.NotEqual(before, engine.Usage());
                Assert.True(engine.Release("extra"));
            }

            Assert.Equal(before, engine.Usage());
        }, iter: 200);
    }

    [Fact]
    public void ReleasingEverything_LeavesTheFleetEmpty()
    {
        Gen.Select(Generators.Fleet, Generators.Stream).Sample((fleet, stream) =>
        {
            var (engine, live) = RunChecked(fleet, stream);
            foreach (var id in live.Keys)
            {
                Assert.True(engine.Release(id));
            }

            Assert.Equal(new PlacementEngine(fleet).Usage(), engine.Usage());
        }, iter: 100);
    }

    [Fact]
    public void LedgerReplay_RebuildsTheLiveState()
    {
        Gen.Select(Generators.Fleet, Generators.Stream).Sample((fleet, stream) =>
        {
            var (engine, _) = RunChecked(fleet, stream);
            var replayed = PlacementEngine.Replay(fleet, engine.Options, engine.Ledger());

            Assert.Equal(engine.Usage(), replayed.Usage());
            Assert.Equal(engine.Live.Keys.Order(), replayed.Live.Keys.Order());
        }, iter: 200);
    }

    [Fact]
    public void ParallelPlacesAndReleases_NeverOverCommit_AndTheLedgerStillReplays()
    {
        Gen.Select(Generators.Fleet, Generators.Request.Array[40, 120]).Sample((fleet, requests) =>
        {
            var engine = new PlacementEngine(fleet);
            var unique = requests.DistinctBy(r => r.Id).ToArray();
            Parallel.For(0, unique.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var d = engine.Place(unique[i]);

                // Every third accepted guest leaves again at once, so claims and releases interleave.
                if (d.Accepted && i % 3 == 0)
                {
                    Assert.True(engine.Release(unique[i].Id));
                }
            });

            var byId = unique.ToDictionary(r => r.Id);
            var problems = StateChecker.Check(fleet, Ratio, engine.Live.Select(kv => (byId[kv.Key], kv.Value)));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.Equal(engine.Usage(), PlacementEngine.Replay(fleet, engine.Options, engine.Ledger()).Usage());
        }, iter: 60);
    }

    [Fact]
    public void ParallelPlaces_OnOneSmallHost_AcceptExactlyWhatFits()
    {
        // 8 pinnable CPUs, 64 parallel single-CPU guests: exactly 8 may win.
        var fleet = new[] { Fleet.Host("h1", Fleet.Cell(0, 0, 4)) };
        var engine = new PlacementEngine(fleet);
        var accepted = 0;
        Parallel.For(0, 64, i =>
        {
            if (engine.Place(Fleet.Dedicated($"r{i}", 1)).Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(8, accepted);
        Assert.Equal(8, engine.Live.Values.SelectMany(a => a.Cells[0].PinnedCpus).Distinct().Count());
    }

    [Fact]
    public void Claim_OfAnAssignmentWhoseCpuIsTaken_ThrowsAndChangesNothing()
    {
        var fleet = new[] { Fleet.Host("h1", Fleet.Cell(0, 0, 4, pages1G: 4)) };
        var engine = new PlacementEngine(fleet);
        var first = engine.Place(Fleet.Dedicated("a", 2)).Assignment!;
        var before = engine.Usage();
        var clash = first with { RequestId = "b" };

        var ex = Assert.Throws<ClaimException>(() => engine.Claim(clash));

        Assert.Contains("already in use", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, engine.Usage());
        Assert.False(engine.Live.ContainsKey("b"));
    }

    [Fact]
    public void Claim_OfAPersistedAssignment_OnAFreshEngine_TakesTheSameResources()
    {
        var fleet = new[] { Fleet.Host("h1", Fleet.Cell(0, 0, 8, vfs: new VfPool("p1", 2))) };
        var engine = new PlacementEngine(fleet);
        var a = engine.Place(Fleet.Dedicated("a", 3, ThreadPolicy.Isolate, vfs: new SrIovPortRequest("p1", 1))).Assignment!;

        var fresh = new PlacementEngine(fleet);
        fresh.Claim(a);

        Assert.Equal(engine.Usage(), fresh.Usage());
    }

    [Fact]
    public void Replay_OfAReleaseWithoutClaim_ThrowsNamingTheEntry()
    {
        var fleet = new[] { Fleet.Host("h1", Fleet.Cell(0, 0, 4)) };
        var engine = new PlacementEngine(fleet);
        var a = engine.Place(Fleet.Dedicated("a", 1)).Assignment!;

        var ex = Assert.Throws<ClaimException>(() => PlacementEngine.Replay(fleet, null, [new LedgerEntry(1, LedgerOperation.Release, a)]));

        Assert.Contains("ledger entry 1", ex.Message, StringComparison.Ordinal);
    }
}
