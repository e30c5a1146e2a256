using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Placement;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Inventory;
using NfvMano.Placement.Requests;

namespace NfvMano.Lifecycle.Tests.VnfLcm;

/// <summary>Grants decided by the placement engine on the claims in the database, serialised by the lock row.</summary>
public sealed class PlacementGrantsTests
{
    [Fact]
    public async Task ConcurrentGrants_NeverOverCommit_AndGrantExactlyWhatOneEngineWouldFit()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 2);
        var vnfdId = await h.OnboardAsync("firewall");
        var packageId = await h.DbAsync(db => Task.FromResult(db.VnfPackages.Single(p => p.VnfdId == vnfdId).Id));
        var flavour = VnfdSource.Flavour(await h.Services.GetRequiredService<VnfdSource>().GetAsync(packageId, CancellationToken.None), "standard");
        var vdu = flavour.Vdus.Single(v => v.Id == "fw");
        var grants = h.Services.GetRequiredService<PlacementGrants>();
        // Every grant lingers after reading the claims: without serialisation they would all decide on the same free capacity.
        grants.BeforeDecide = ct => Task.Delay(100, ct);
        var requests = Enumerable.Range(0, 8).Select(i => (Instance: Guid.NewGuid(), Op: Guid.NewGuid(), Vnfc: $"fw-{i}")).ToList();

        var outcomes = await Task.WhenAll(requests.Select(r => Task.Run(async () =>
        {
            await using var scope = h.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            var item = new GrantItem(VnfcRealiser.RequestId(r.Instance, r.Vnfc), VnfcRealiser.PlacementRequestFor(r.Instance, flavour, vdu, r.Vnfc));
            try
            {
                await grants.GrantAsync(db, r.Instance, r.Op, [item], CancellationToken.None);
                return true;
            }
            catch (GrantRejectedException)
            {
                return false;
            }
        })));

        var claims = await h.ClaimsAsync();
        var granted = outcomes.Count(o => o);
        Assert.Equal(granted, claims.Count);
        // Replaying the committed claims would throw if any CPU, page or VF had been handed out twice.
        var hosts = await h.Services.GetRequiredService<VimInventory>().HostsAsync(CancellationToken.None);
        _ = PlacementEngine.Replay(hosts, null, claims.OrderBy(c => c.Sequence).Select((c, i) => new LedgerEntry(i + 1, LedgerOperation.Claim, PlacementGrants.Parse(c.AssignmentJson))));
        var alone = new PlacementEngine(hosts);
        var fits = requests.Count(r => alone.Place(VnfcRealiser.PlacementRequestFor(r.Instance, flavour, vdu, r.Vnfc)).Accepted);
        Assert.Equal(fits, granted);
        Assert.InRange(granted, 1, requests.Count - 1);
    }

    [Fact]
    public async Task Grant_WhenRepeatedForTheSameOperation_ReturnsTheClaimsItAlreadyHolds()
    {
        await using var h = await VnfLcmHarness.CreateAsync(hosts: 2);
        var vnfdId = await h.OnboardAsync("firewall");
        var packageId = await h.DbAsync(db => Task.FromResult(db.VnfPackages.Single(p => p.VnfdId == vnfdId).Id));
        var flavour = VnfdSource.Flavour(await h.Services.GetRequiredService<VnfdSource>().GetAsync(packageId, CancellationToken.None), "standard");
        var vdu = flavour.Vdus.Single(v => v.Id == "fw");
        var grants = h.Services.GetRequiredService<PlacementGrants>();
        var (instance, op) = (Guid.NewGuid(), Guid.NewGuid());
        GrantItem[] items = [.. new[] { "fw-a", "fw-b" }.Select(v => new GrantItem(VnfcRealiser.RequestId(instance, v), VnfcRealiser.PlacementRequestFor(instance, flavour, vdu, v)))];

        var first = await h.DbAsync(db => grants.GrantAsync(db, instance, op, items, CancellationToken.None));
        // What a step re-executed after a crash between the grant's commit and its own does.
        var again = await h.DbAsync(db => grants.GrantAsync(db, instance, op, items, CancellationToken.None));

        Assert.Equal(2, (await h.ClaimsAsync()).Count);
        Assert.All(items, i => Assert.Equal(first[i.RequestId].Host, again[i.RequestId].Host));
        Assert.All(items, i => Assert.Equal(first[i.RequestId].Cells[0].PinnedCpus.ToArray(), again[i.RequestId].Cells[0].PinnedCpus.ToArray()));
        Assert.NotEqual(first[items[0].RequestId].Host, first[items[1].RequestId].Host);
    }

    [Fact]
    public void ProductOptions_PlaceAnIsolateGuestWhereverItsWholeCoresAreFree()
    {
        // Four SMT cores: an isolate guest of 4 vCPUs pins one thread of each and holds the siblings idle,
        // leaving nothing free, which the benchmark's default refuses.
        var cell = new NumaCellInventory(0, [0, 1, 2, 3, 4, 5, 6, 7], [8, 9], [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]], 8192,
            ImmutableDictionary<long, int>.Empty, []);
        HostInventory[] hosts = [new("h1", "az1", [cell])];
        var guest = new PlacementRequest("r1", 4, 1024, CpuPolicy.Dedicated, ThreadPolicy.Isolate, 1, PageSizeRequest.Small, []);

        Assert.False(new PlacementEngine(hosts).Place(guest).Accepted);
        Assert.True(new PlacementEngine(hosts, PlacementGrants.ProductOptions).Place(guest).Accepted);
    }
}
