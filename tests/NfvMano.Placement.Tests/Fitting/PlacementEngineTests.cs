using NfvMano.Placement.Claims;
using NfvMano.Placement.Fitting;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;
using NfvMano.Placement.Tests.Support;
using static NfvMano.Placement.Tests.Support.Fleet;

namespace NfvMano.Placement.Tests.Fitting;

public sealed class PlacementEngineTests
{
    private static readonly SrIovPortRequest[] NoVfs = [];

    private static PlacementEngine Engine(params HostInventory[] hosts) => new(hosts);

    private static void AssertValid(HostInventory[] hosts, params (PlacementRequest, PlacementDecision)[] placed)
    {
        var problems = StateChecker.Check(hosts, 4.0, placed.Where(p => p.Item2.Accepted).Select(p => (p.Item1, p.Item2.Assignment!)));
        Assert.Empty(problems);
    }

    [Fact]
    public void Place_DedicatedPrefer_PinsDistinctCpusOfOneCell()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4), Cell(1, 10, 4)) };
        var req = Dedicated("r1", 6);
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        var cell = Assert.Single(d.Assignment!.Cells);
        Assert.Equal(6, cell.PinnedCpus.Distinct().Count());
        Assert.Empty(cell.ReservedCpus);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_Isolate_OnSmtCell_ReservesTheSiblingOfEachCore()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8)) };
        var req = Dedicated("r1", 3, ThreadPolicy.Isolate);
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        var cell = d.Assignment!.Cells[0];
        Assert.Equal(3, cell.PinnedCpus.Length);
        Assert.Equal(3, cell.ReservedCpus.Length);
        Assert.All(cell.PinnedCpus, p => Assert.Contains(p % 2 == 0 ? p + 1 : p - 1, cell.ReservedCpus));
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_Isolate_PrefersCellWithoutSmt()
    {
        var hosts = new[] { Host("smt", Cell(0, 0, 8)), Host("nosmt", Cell(0, 0, 8, smt: false)) };
        var d = Engine(hosts).Place(Dedicated("r1", 2, ThreadPolicy.Isolate));

        Assert.Equal("nosmt", d.Assignment!.Host);
        Assert.Empty(d.Assignment.Cells[0].ReservedCpus);
    }

    [Fact]
    public void Place_Isolate_WhenNoCellHasWholeFreeCores_RejectsWithReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 2)) };
        var engine = Engine(hosts);
        Assert.True(engine.Place(Dedicated("r1", 1)).Accepted);

        var d = engine.Place(Dedicated("r2", 2, ThreadPolicy.Isolate));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 1 host lacks 2 whole free cores (isolate) on one cell", d.Reason);
    }

    [Fact]
    public void Place_Isolate_OnSmtCellWithoutPreferredHeadroom_TakesItWithTheMinimum()
    {
        // 3 isolate vCPUs take 6 of 8 threads: 25 % stays free, under the preferred 40 %, over the minimum 20 %.
        var hosts = new[] { Host("h1", Cell(0, 0, 4)) };
        var req = Dedicated("r1", 3, ThreadPolicy.Isolate);
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_Isolate_BelowTheMinimumHeadroom_RejectsWithReason()
    {
        // 4 isolate vCPUs would take all 8 threads; the whole cores are free, the headroom is not.
        var d = Engine(Host("h1", Cell(0, 0, 4))).Place(Dedicated("r1", 4, ThreadPolicy.Isolate));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 1 host lacks 4 whole free cores (isolate) on one cell with 20 % of its CPUs to spare", d.Reason);
        Assert.True(new PlacementEngine([Host("h1", Cell(0, 0, 4))], new PlacementOptions(IsolateOnSmtHeadroom: 0, IsolateOnSmtMinimumHeadroom: 0))
            .Place(Dedicated("r1", 4, ThreadPolicy.Isolate)).Accepted);
    }

    [Fact]
    public void Place_IsolateOnTwoNodes_BelowTheMinimumHeadroom_SaysSoForEachCell()
    {
        var d = Engine(Host("h1", Cell(0, 0, 4), Cell(1, 10, 4))).Place(Dedicated("r1", 8, ThreadPolicy.Isolate, nodes: 2));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 1 host lacks 4 whole free cores (isolate) on each of 2 cells with 20 % of each cell's CPUs to spare", d.Reason);
    }

    [Fact]
    public void Place_Isolate_KeepsThePreferredHeadroomWhereSomeHostCan()
    {
        // "tight" is the cheaper fit (the guest keeps off "roomy"'s SR-IOV cell), but only "roomy" keeps 40 % free.
        HostInventory[] Hosts() =>
        [
            Host("tight", Cell(0, 0, 4)),
            Host("roomy", Cell(0, 0, 6, vfs: [new VfPool("data1", 8), new VfPool("data2", 8), new VfPool("data3", 8)])),
        ];
        var req = Dedicated("r1", 3, ThreadPolicy.Isolate);

        var minimumOnly = new PlacementEngine(Hosts(), new PlacementOptions(IsolateOnSmtHeadroom: 0.2)).Place(req);
        var preferred = Engine(Hosts()).Place(req);

        Assert.Equal("tight", minimumOnly.Assignment?.Host);
        Assert.Equal("roomy", preferred.Assignment?.Host);
    }

    [Theory]
    [InlineData(0.2, 0.4)]
    [InlineData(0.4, -0.1)]
    [InlineData(1.5, 0.2)]
    public void Engine_WithHeadroomsOutOfOrderOrRange_Throws(double preferred, double minimum) =>
        Assert.Throws<ArgumentException>(() =>
            new PlacementEngine([Host("h1", Cell(0, 0, 4))], new PlacementOptions(IsolateOnSmtHeadroom: preferred, IsolateOnSmtMinimumHeadroom: minimum)));

    [Fact]
    public void Place_NearTie_KeepsTheRoomOfARecentShape()
    {
        // "big" is the cheaper fit for a guest that takes large pages (its cell has more free CPUs),
        // but there the guest must take the 1 GiB pages that recent 1 GiB guests fit in; "small" can
        // give it 2 MiB pages instead.
        HostInventory[] Hosts() =>
        [
            Host("big", Cell(0, 0, 8, pages1G: 4)),
            Host("small", Cell(0, 0, 4, pages2M: 4096, pages1G: 4)),
        ];
        PlacementDecision PlaceAfterRecentShapes(PlacementEngine engine)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.True(engine.Place(Dedicated($"g{i}", 2, memoryMiB: 4096, page: PageSizeRequest.Of(1048576))).Accepted);
                Assert.True(engine.Release($"g{i}"));
            }

            return engine.Place(Dedicated("r1", 2, memoryMiB: 4096, page: PageSizeRequest.Large));
        }

        var fitCostOnly = PlaceAfterRecentShapes(new PlacementEngine(Hosts(), new PlacementOptions(DemandWeight: 0)));
        var weighed = PlaceAfterRecentShapes(Engine(Hosts()));

        Assert.Equal(("big", 1048576L), (fitCostOnly.Assignment?.Host, fitCostOnly.Assignment?.Cells[0].PageSizeKiB));
        Assert.Equal(("small", 2048L), (weighed.Assignment?.Host, weighed.Assignment?.Cells[0].PageSizeKiB));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Engine_WithDemandWeightNegativeOrNotFinite_Throws(double weight) =>
        Assert.Throws<ArgumentException>(() => new PlacementEngine([Host("h1", Cell(0, 0, 4))], new PlacementOptions(DemandWeight: weight)));

    [Fact]
    public void Place_Isolate_WhenIsolateOnSmtIsOff_RejectsOnSmtHost()
    {
        var engine = new PlacementEngine([Host("h1", Cell(0, 0, 4))], new PlacementOptions(IsolateOnSmt: false));

        var d = engine.Place(Dedicated("r1", 1, ThreadPolicy.Isolate));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 1 host lacks 1 whole free core (isolate) on one cell", d.Reason);
    }

    [Fact]
    public void Place_Require_PinsSiblingPairsAndOneSingleForOddCounts()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4)) };
        var req = Dedicated("r1", 5, ThreadPolicy.Require);
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        var perCore = d.Assignment!.Cells[0].PinnedCpus.GroupBy(c => c / 2).Select(g => g.Count()).Order().ToArray();
        Assert.Equal([1, 2, 2], perCore);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_Require_OnHostWithoutSmt_RejectsWithReason()
    {
        var d = Engine(Host("h1", Cell(0, 0, 8, smt: false))).Place(Dedicated("r1", 2, ThreadPolicy.Require));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 1 host has no SMT siblings for thread policy require", d.Reason);
    }

    [Fact]
    public void Place_Require_WhenSiblingPairsAreUsedUp_RejectsWithReason()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 3)));
        Assert.True(engine.Place(Dedicated("a", 3)).Accepted);

        // One whole core and one half-used core are left: two free CPUs, but only one pair.
        var d = engine.Place(Dedicated("c", 4, ThreadPolicy.Require));

        Assert.Equal("no host fits: 1 host lacks 2 free sibling pairs (require) on one cell", d.Reason);
    }

    [Fact]
    public void Place_Require_OneVcpuOnAFullCell_RejectsWithSingularReason()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 2)));
        Assert.True(engine.Place(Dedicated("a", 4)).Accepted);

        var d = engine.Place(Dedicated("b", 1, ThreadPolicy.Require));

        Assert.Equal("no host fits: 1 host lacks a free thread of an SMT core (require) on one cell", d.Reason);
    }

    [Fact]
    public void Place_Prefer_FillsAHalfUsedCoreBeforeSplittingAWholeOne()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 2)));
        Assert.True(engine.Place(Dedicated("a", 1)).Accepted);
        Assert.True(engine.Place(Dedicated("b", 1)).Accepted);

        Assert.True(engine.Place(Dedicated("c", 2, ThreadPolicy.Require)).Accepted);
    }

    [Fact]
    public void Place_PinnedGuests_SpreadOverCells_TheOneWithMostFreeCpusAfterwardsFirst()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8), Cell(1, 100, 8)) };
        var engine = Engine(hosts);
        var a = engine.Place(Dedicated("a", 4));
        var b = engine.Place(Dedicated("b", 4));

        Assert.True(a.Accepted && b.Accepted);
        Assert.NotEqual(a.Assignment!.Cells[0].HostCell, b.Assignment!.Cells[0].HostCell);
    }

    [Fact]
    public void Place_TwoGuestNodes_WhenOnlyOneCellHasCpus_RejectsNamingEachCell()
    {
        var d = Engine(Host("h1", Cell(0, 0, 4), Cell(1, 20, 1))).Place(Dedicated("r1", 8, nodes: 2));

        Assert.Equal("no host fits: 1 host lacks 4 free dedicated CPUs on each of 2 cells", d.Reason);
    }

    [Fact]
    public void Place_TwoGuestNodes_WhenTheVfCellCannotBeOneOfThem_RejectsWithCombinationReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4), Cell(1, 20, 4), Cell(2, 40, 1, vfs: new VfPool("data1", 4))) };
        var d = Engine(hosts).Place(Dedicated("r1", 8, nodes: 2, vfs: new SrIovPortRequest("data1", 1)));

        Assert.Equal("no host fits: 1 host cannot put the guest's 2 cells together with their VFs on local cells", d.Reason);
    }

    [Fact]
    public void Place_AfterARelease_AHostThatDidNotFitIsTriedAgain()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 2)));
        Assert.True(engine.Place(Dedicated("a", 4)).Accepted);
        Assert.False(engine.Place(Dedicated("b", 4)).Accepted);

        Assert.True(engine.Release("a"));

        Assert.True(engine.Place(Dedicated("c", 4)).Accepted);
    }

    [Fact]
    public void Place_WhenNoCellHasFreeDedicatedCpus_RejectsWithCountsPerReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 2)), Host("h2", Cell(0, 0, 2)), Host("h3", "az2", Cell(0, 0, 8)) };
        var d = Engine(hosts).Place(Dedicated("r1", 6, zone: "az1"));

        Assert.False(d.Accepted);
        Assert.Equal("no host fits: 2 hosts lack 6 free dedicated CPUs on one cell, 1 is outside zone az1", d.Reason);
        Assert.Equal([new RejectionCount("lack 6 free dedicated CPUs on one cell", 2), new RejectionCount("are outside zone az1", 1)], d.Counts.ToArray());
    }

    [Fact]
    public void Place_Shared_HonoursAllocationRatio_ThenRejects()
    {
        // One shared core with two threads: 2 × 4.0 = 8 shared vCPUs.
        var hosts = new[] { Host("h1", Cell(0, 0, 1, sharedCores: 1)) };
        var engine = Engine(hosts);
        var a = engine.Place(Shared("a", 2));
        var b = engine.Place(Shared("b", 2));
        var c = engine.Place(Shared("c", 2));
        var d = engine.Place(Shared("d", 2));
        var e = engine.Place(Shared("e", 2));

        Assert.True(a.Accepted && b.Accepted && c.Accepted && d.Accepted);
        Assert.False(e.Accepted);
        Assert.Equal("no host fits: 1 host lacks room for 2 shared vCPUs on one cell", e.Reason);
        Assert.Empty(a.Assignment!.Cells[0].PinnedCpus);
    }

    [Fact]
    public void Place_Shared_MoreVcpusThanSharedCpus_Rejects()
    {
        var d = Engine(Host("h1", Cell(0, 0, 1, sharedCores: 1))).Place(Shared("a", 3));

        Assert.False(d.Accepted);
    }

    [Fact]
    public void Place_TwoGuestNodes_UseDistinctHostCellsWithHalfEach()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4), Cell(1, 20, 4)) };
        var req = Dedicated("r1", 8, memoryMiB: 4096, nodes: 2);
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        Assert.Equal([0, 1], d.Assignment!.Cells.Select(c => c.HostCell).Order());
        Assert.All(d.Assignment.Cells, c => Assert.Equal(2048, c.MemoryMiB));
        Assert.All(d.Assignment.Cells, c => Assert.Equal(4, c.PinnedCpus.Length));
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_ExplicitGuestNodes_GetTheirOwnSizes()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4), Cell(1, 20, 4)) };
        var req = Dedicated("r1", 6, memoryMiB: 3072, nodes: 2) with { ExplicitNodes = [new GuestNumaNode(4, 1024), new GuestNumaNode(2, 2048)] };
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        Assert.Equal(4, d.Assignment!.Cells[0].PinnedCpus.Length);
        Assert.Equal(2048, d.Assignment.Cells[1].MemoryMiB);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_TwoGuestNodesOnSingleCellHost_RejectsWithReason()
    {
        var d = Engine(Host("h1", Cell(0, 0, 8))).Place(Dedicated("r1", 4, nodes: 2));

        Assert.Equal("no host fits: 1 host has fewer than 2 NUMA cells", d.Reason);
    }

    [Fact]
    public void Place_ExplicitPageSize_TakesPagesOfThatSize()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4, pages2M: 1024, pages1G: 4)) };
        var req = Dedicated("r1", 2, memoryMiB: 2048, page: PageSizeRequest.Of(1048576));
        var d = Engine(hosts).Place(req);

        Assert.Equal(1048576, d.Assignment!.Cells[0].PageSizeKiB);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_WhenCellLacksHugePages_RejectsWithReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4, pages1G: 4)) };
        var d = Engine(hosts).Place(Dedicated("r1", 2, memoryMiB: 8192, page: PageSizeRequest.Of(1048576)));

        Assert.Equal("no host fits: 1 host lacks 8 free 1 GiB pages on one cell", d.Reason);
    }

    [Fact]
    public void Place_LargePages_NeverUseSmallPages()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4, memoryMiB: 65536, pages2M: 512)) };
        var engine = Engine(hosts);
        var first = engine.Place(Dedicated("r1", 1, memoryMiB: 1024, page: PageSizeRequest.Large));
        var second = engine.Place(Dedicated("r2", 1, memoryMiB: 1024, page: PageSizeRequest.Large));

        Assert.Equal(2048, first.Assignment!.Cells[0].PageSizeKiB);
        Assert.False(second.Accepted);
        Assert.Contains("MiB of free huge pages", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_SmallPages_WhenMemoryIsShort_RejectsWithReason()
    {
        var d = Engine(Host("h1", Cell(0, 0, 4, memoryMiB: 1024))).Place(Shared("r1", 1, memoryMiB: 2048));

        Assert.Equal("no host fits: 1 host lacks 2048 MiB of free 4 KiB memory on one cell", d.Reason);
    }

    [Fact]
    public void Place_CpusOnOneCellAndMemoryOnTheOther_RejectsWithCombinedReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8, memoryMiB: 512), Cell(1, 40, 1, memoryMiB: 8192)) };
        var d = Engine(hosts).Place(Dedicated("r1", 4, memoryMiB: 4096));

        Assert.Equal("no host fits: 1 host lacks a cell with both 4 free dedicated CPUs and 4096 MiB of free 4 KiB memory", d.Reason);
    }

    [Fact]
    public void Place_RequiredVfs_AreOnTheGuestCellWithIdentities()
    {
        var pool = new VfPool("data1", 2, ["0000:18:02.0", "0000:18:02.1"]);
        var hosts = new[] { Host("h1", Cell(0, 0, 4), Cell(1, 20, 4, vfs: pool)) };
        var req = Dedicated("r1", 2, vfs: new SrIovPortRequest("data1", 2));
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        Assert.Equal(1, d.Assignment!.Cells[0].HostCell);
        Assert.Equal(["0000:18:02.0", "0000:18:02.1"], d.Assignment.Vfs.Select(v => v.Identity).Order());
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_RequiredVfs_WhenTheVfCellLacksCpus_RejectsNamingTheVfCell()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8), Cell(1, 20, 1, vfs: new VfPool("data1", 4))) };
        var d = Engine(hosts).Place(Dedicated("r1", 4, vfs: new SrIovPortRequest("data1", 1)));

        Assert.Equal("no host fits: 1 host lacks 4 free dedicated CPUs and 1024 MiB of free 4 KiB memory on the cell holding 1 free VF on data1", d.Reason);
    }

    [Fact]
    public void Place_PreferredVfs_MayComeFromTheOtherCell()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8), Cell(1, 20, 1, vfs: new VfPool("data1", 4))) };
        var req = Dedicated("r1", 4, affinity: PciNumaAffinity.Preferred, vfs: new SrIovPortRequest("data1", 1));
        var d = Engine(hosts).Place(req);

        Assert.True(d.Accepted, d.Reason);
        Assert.Equal(0, d.Assignment!.Cells[0].HostCell);
        Assert.Equal(1, Assert.Single(d.Assignment.Vfs).HostCell);
        AssertValid(hosts, (req, d));
    }

    [Fact]
    public void Place_WhenVfsAreUsedUp_RejectsWithReason()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8, vfs: new VfPool("data1", 1))), Host("h2", Cell(0, 0, 8)) };
        var engine = Engine(hosts);
        Assert.True(engine.Place(Dedicated("a", 1, vfs: new SrIovPortRequest("data1", 1))).Accepted);

        var d = engine.Place(Dedicated("b", 1, vfs: new SrIovPortRequest("data1", 1)));

        Assert.Equal("no host fits: 1 host has no VFs on data1, 1 lacks 1 free VF on data1", d.Reason);
    }

    [Fact]
    public void Place_PreferredVfs_SpareACellWithSeveralPhysnetsThatIsRunningLow()
    {
        // h1's cell 0 is the only place where a guest with VFs on both physnets next to its CPUs can go.
        var hosts = new[]
        {
            Host("h1", Cell(0, 0, 8, vfs: [new VfPool("data1", 4), new VfPool("data2", 4)]), Cell(1, 20, 8)),
            Host("h2", Cell(0, 0, 8, vfs: new VfPool("data1", 4)), Cell(1, 20, 8, vfs: new VfPool("data2", 4))),
        };
        var engine = Engine(hosts);
        var local = engine.Place(Dedicated("local", 2, vfs: [new SrIovPortRequest("data1", 2), new SrIovPortRequest("data2", 2)]));
        Assert.Equal("h1", local.Assignment!.Host);

        var req = Dedicated("anywhere", 2, affinity: PciNumaAffinity.Preferred, vfs: [new SrIovPortRequest("data1", 1), new SrIovPortRequest("data2", 1)]);
        var d = engine.Place(req);

        Assert.True(d.Accepted, d.Reason);
        Assert.Equal("h2", d.Assignment!.Host);
    }

    [Fact]
    public void Place_NonVfGuest_KeepsAwayFromTheSrIovCell()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 4, vfs: new VfPool("data1", 4)), Cell(1, 20, 4)) };
        var d = Engine(hosts).Place(Dedicated("r1", 2));

        Assert.Equal(1, d.Assignment!.Cells[0].HostCell);
    }

    [Fact]
    public void Place_AntiAffinity_ExcludesHostsOfLiveMembers()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 8)), Host("h2", Cell(0, 0, 8)) };
        var engine = Engine(hosts);
        var g = new ServerGroup("fw-ha", GroupPolicy.AntiAffinity);
        var a = engine.Place(Dedicated("a", 1, group: g));
        var b = engine.Place(Dedicated("b", 1, group: g));
        var c = engine.Place(Dedicated("c", 1, group: g));

        Assert.NotEqual(a.Assignment!.Host, b.Assignment!.Host);
        Assert.Equal("no host fits: 2 hosts are excluded by anti-affinity group fw-ha", c.Reason);
    }

    [Fact]
    public void Place_InTwoGroups_HonoursBoth_AndNamesTheGroupThatExcludesEachHost()
    {
        var hosts = new[] { Host("h1", "az1", Cell(0, 0, 8)), Host("h2", "az2", Cell(0, 0, 8)) };
        var engine = Engine(hosts);
        var vnf = new ServerGroup("vnf-a/ha", GroupPolicy.AntiAffinity);
        var ns = new ServerGroup("ns-1/apart", GroupPolicy.AntiAffinity);
        Assert.Equal("h1", engine.Place(Dedicated("a0", 1, group: vnf, zone: "az1")).Assignment!.Host);
        Assert.Equal("h2", engine.Place(Dedicated("b0", 1, group: ns, zone: "az2")).Assignment!.Host);

        var none = engine.Place(Dedicated("a1", 1) with { Groups = [vnf, ns] });

        Assert.False(none.Accepted);
        Assert.Contains("excluded by anti-affinity group ns-1/apart", none.Reason, StringComparison.Ordinal);
        Assert.Contains("excluded by anti-affinity group vnf-a/ha", none.Reason, StringComparison.Ordinal);

        // Releasing the member of one group frees its host for that group; the other group still holds h1.
        Assert.True(engine.Release("b0"));
        var placed = engine.Place(Dedicated("a1", 1) with { Groups = [ns, vnf] });
        Assert.True(placed.Accepted, placed.Reason);
        Assert.Equal("h2", placed.Assignment!.Host);
        Assert.Equal([ns, vnf], placed.Assignment.Groups.OrderBy(g => g.Name, StringComparer.Ordinal));
        var third = engine.Place(Dedicated("c0", 1, group: ns));
        Assert.Equal("h1", third.Assignment!.Host);
    }

    [Fact]
    public void Place_AntiAffinityBetweenMembers_LetsAMembersOwnGuestsShareAHost_AndKeepsOtherMembersOff()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 8)), Host("h2", Cell(0, 0, 8)));
        var router = new ServerGroup("ns-1/apart", GroupPolicy.AntiAffinity, Member: "router");
        var firewall = router with { Member = "firewall" };

        var r0 = engine.Place(Dedicated("r0", 1) with { Groups = [router] });
        var r1 = engine.Place(Dedicated("r1", 1) with { Groups = [router] });
        var f0 = engine.Place(Dedicated("f0", 1) with { Groups = [firewall] });
        var s0 = engine.Place(Dedicated("s0", 1) with { Groups = [router with { Member = "storage" }] });

        Assert.Equal(r0.Assignment!.Host, r1.Assignment!.Host);
        Assert.NotEqual(r0.Assignment.Host, f0.Assignment!.Host);
        Assert.False(s0.Accepted);
        Assert.Equal("no host fits: 2 hosts are excluded by anti-affinity group ns-1/apart", s0.Reason);

        // The member's last guest gone, its host is free for others; the ledger replays to the same state.
        Assert.True(engine.Release("r0"));
        Assert.True(engine.Release("r1"));
        var replayed = PlacementEngine.Replay([Host("h1", Cell(0, 0, 8)), Host("h2", Cell(0, 0, 8))], engine.Options, engine.Ledger());
        Assert.True(replayed.Place(Dedicated("s1", 1) with { Groups = [router with { Member = "storage" }] }).Accepted);
    }

    [Fact]
    public void Place_NamingAGroupTwice_IsRejectedAsInvalid()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 8)));
        var g = new ServerGroup("g", GroupPolicy.AntiAffinity);

        var d = engine.Place(Dedicated("a", 1) with { Groups = [g, g] });

        Assert.False(d.Accepted);
        Assert.Contains("groups: g is named more than once", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_AntiAffinity_AfterReleaseTheHostIsFreeAgain()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 8)));
        var g = new ServerGroup("fw-ha", GroupPolicy.AntiAffinity);
        Assert.True(engine.Place(Dedicated("a", 1, group: g)).Accepted);
        Assert.True(engine.Release("a"));

        Assert.True(engine.Place(Dedicated("b", 1, group: g)).Accepted);
    }

    [Fact]
    public void Place_Affinity_FollowsTheFirstMember_AndRejectsWhenItsHostIsFull()
    {
        var hosts = new[] { Host("h1", Cell(0, 0, 2)), Host("h2", Cell(0, 0, 2)) };
        var engine = Engine(hosts);
        var g = new ServerGroup("vr", GroupPolicy.Affinity);
        var a = engine.Place(Dedicated("a", 2, group: g));
        var b = engine.Place(Dedicated("b", 2, group: g));
        var c = engine.Place(Dedicated("c", 2, group: g));

        Assert.Equal(a.Assignment!.Host, b.Assignment!.Host);
        Assert.False(c.Accepted);
        Assert.Contains("host is excluded by affinity group vr", c.Reason, StringComparison.Ordinal);
        Assert.Contains("1 lacks 2 free dedicated CPUs on one cell", c.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_AntiAffinityZoneScope_SpreadsOverZones()
    {
        var hosts = new[] { Host("h1", "az1", Cell(0, 0, 8)), Host("h2", "az1", Cell(0, 0, 8)), Host("h3", "az2", Cell(0, 0, 8)) };
        var engine = Engine(hosts);
        var g = new ServerGroup("z", GroupPolicy.AntiAffinity, GroupScope.Zone);
        var a = engine.Place(Dedicated("a", 1, group: g));
        var b = engine.Place(Dedicated("b", 1, group: g));
        var c = engine.Place(Dedicated("c", 1, group: g));

        Assert.NotEqual(hosts.Single(h => h.Name == a.Assignment!.Host).Zone, hosts.Single(h => h.Name == b.Assignment!.Host).Zone);
        Assert.False(c.Accepted);
    }

    [Fact]
    public void Place_Zone_OnlyUsesHostsOfThatZone()
    {
        var hosts = new[] { Host("h1", "az1", Cell(0, 0, 8)), Host("h2", "az2", Cell(0, 0, 8)) };
        var d = Engine(hosts).Place(Dedicated("r1", 1, zone: "az2"));

        Assert.Equal("h2", d.Assignment!.Host);
    }

    [Fact]
    public void Place_UnknownZone_RejectsNamingIt()
    {
        var d = Engine(Host("h1", "az1", Cell(0, 0, 8))).Place(Dedicated("r1", 1, zone: "nowhere"));

        Assert.Equal("no host fits: 1 host is outside zone nowhere", d.Reason);
    }

    [Fact]
    public void Place_Spread_PrefersMostFreeMemory_PackTheLeast()
    {
        var hosts = new[] { Host("small", Cell(0, 0, 8, memoryMiB: 4096)), Host("big", Cell(0, 0, 8, memoryMiB: 8192)) };

        Assert.Equal("big", new PlacementEngine(hosts, new PlacementOptions(HostPreference.Spread, CandidateHosts: 1)).Place(Shared("r", 1)).Assignment!.Host);
        Assert.Equal("small", new PlacementEngine(hosts, new PlacementOptions(HostPreference.Pack, CandidateHosts: 1)).Place(Shared("r", 1)).Assignment!.Host);
    }

    [Theory]
    [InlineData(null, 4, 8)]
    [InlineData(null, 100, 16)]
    [InlineData(null, 1000, 51)]
    [InlineData(null, 10000, 160)]
    [InlineData(3, 10000, 3)]
    public void CandidateHosts_GrowWithTheSquareRootOfTheFleet_UnlessSet(int? set, int hosts, int expected)
    {
        Assert.Equal(expected, new PlacementOptions(CandidateHosts: set).CandidatesFor(hosts));
        var fleet = Enumerable.Range(0, hosts).Select(i => Host("h" + i, Cell(0, 0, 1))).ToArray();
        Assert.Equal(expected, new PlacementEngine(fleet, new PlacementOptions(CandidateHosts: set)).CandidateHosts);
    }

    [Fact]
    public void Place_InvalidRequest_RejectsListingEveryProblem()
    {
        var d = Engine(Host("h1", Cell(0, 0, 8))).Place(Dedicated("r1", 3, memoryMiB: 1001, nodes: 2) with { SrIov = [new SrIovPortRequest("x", 0)] });

        Assert.False(d.Accepted);
        Assert.Contains("do not split evenly", d.Reason, StringComparison.Ordinal);
        Assert.Contains("count 0 is less than 1", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_SameIdTwice_RejectsTheSecond()
    {
        var engine = Engine(Host("h1", Cell(0, 0, 8)));
        Assert.True(engine.Place(Dedicated("r1", 1)).Accepted);

        Assert.Equal("request r1 is already placed", engine.Place(Dedicated("r1", 1)).Reason);
    }

    [Fact]
    public void Constructor_CpuInTwoCells_ThrowsNamingHostAndCpu()
    {
        var ex = Assert.Throws<InventoryException>(() => Engine(Host("h1", Cell(0, 0, 2), Cell(1, 0, 2))));

        Assert.Contains("host h1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageSizeRequest_Parse_UnderstandsTheKitValues()
    {
        Assert.Equal(PageSizeRequest.Small, PageSizeRequest.Parse("4"));
        Assert.Equal(PageSizeKind.Large, PageSizeRequest.Parse("large").Kind);
        Assert.Equal(2048, PageSizeRequest.Parse("2048").SizeKiB);
        Assert.Throws<FormatException>(() => PageSizeRequest.Parse("huge"));
    }
}
