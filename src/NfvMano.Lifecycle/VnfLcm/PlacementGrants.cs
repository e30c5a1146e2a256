using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Realisation;
using NfvMano.Persistence;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Placement;
using NfvMano.Placement.Claims;
using NfvMano.Placement.Requests;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>One VNFC a grant must find room for.</summary>
/// <param name="RequestId">Placement request id: unique over all instances.</param>
/// <param name="Request">What the VNFC needs.</param>
public sealed record GrantItem(string RequestId, PlacementRequest Request);

/// <summary>
/// The NFVO side of a grant (SOL003 grant semantics): decides with the placement engine where every VNFC of an
/// operation goes and records the claims in the same transaction. Grants are serialised by updating one lock row
/// first (a row lock on PostgreSQL, the write lock on SQLite), and the engine is rebuilt inside that transaction
/// from the committed claims, so two grants never hand out the same CPU, page or VF. On a VIM that schedules itself
/// (<see cref="ISchedulingVim"/>) the grant records a claim on the VIM's scheduling domain and the VIM chooses; the
/// claim is then rewritten with what the VIM really did (see docs/adr/0005-nova-places-on-openstack.md).
/// </summary>
public sealed class PlacementGrants(VimInventory inventory, TimeProvider time, ISchedulingVim? scheduling = null)
{
    // An isolate guest on an SMT cell holds one idle sibling per vCPU, so the engine prefers cells that keep
    // 40 % free afterwards; the benchmark's default refuses it below 20 %, which raises acceptance over long
    // request streams, but an operator asking for an isolated VNFC on a host where it fits expects it placed.
    internal static readonly NfvMano.Placement.Fitting.PlacementOptions ProductOptions = new(IsolateOnSmtMinimumHeadroom: 0);

    /// <summary>Called between reading the claims and deciding; tests widen the race window with it.</summary>
    internal Func<CancellationToken, Task>? BeforeDecide { get; set; }

    /// <summary>The placement engine's JSON form of assignments.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Grants every item or none. Idempotent per operation: claims the operation already holds (a grant that
    /// committed before a crash) are returned as they are.
    /// </summary>
    /// <exception cref="GrantRejectedException">Some VNFC fits nowhere; the message has the placement's reasons.</exception>
    public async Task<IReadOnlyDictionary<string, Assignment>> GrantAsync(
        NfvManoDbContext db, Guid instanceId, Guid opOccId, IReadOnlyList<GrantItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var hosts = scheduling is null ? await inventory.HostsAsync(cancellationToken) : [];
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Taking the lock first: everything read below is what the previous grant committed.
            var sequence = await db.PlacementLock.Where(l => l.Id == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Sequence, l => l.Sequence + 1), cancellationToken);
            if (sequence != 1)
            {
                throw new InvalidOperationException("the placement lock row is missing; the database is not migrated");
            }
            var claims = await db.PlacementClaims.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
            var mine = claims.Where(c => c.OpOccId == opOccId).ToDictionary(c => c.RequestId, c => Parse(c.AssignmentJson));
            if (items.All(i => mine.ContainsKey(i.RequestId)))
            {
                await transaction.RollbackAsync(cancellationToken);
                return items.ToDictionary(i => i.RequestId, i => mine[i.RequestId]);
            }

            if (BeforeDecide is { } hook)
            {
                await hook(cancellationToken);
            }
            // A scheduling VIM's hosts are not in our inventory: there is no engine to replay its claims into.
            var engine = scheduling is null
                ? PlacementEngine.Replay(hosts, ProductOptions, claims.Select((c, i) => new LedgerEntry(i + 1, LedgerOperation.Claim, Parse(c.AssignmentJson))))
                : null;
            var granted = new Dictionary<string, Assignment>(StringComparer.Ordinal);
            var rejections = new List<string>();
            foreach (var item in items)
            {
                if (mine.TryGetValue(item.RequestId, out var held))
                {
                    granted[item.RequestId] = held;
                    continue;
                }
                if (engine is null)
                {
                    granted[item.RequestId] = new Assignment(item.RequestId, scheduling!.Domain, [], [], item.Request.Groups);
                    continue;
                }
                var decision = engine.Place(item.Request);
                if (decision.Accepted)
                {
                    granted[item.RequestId] = decision.Assignment!;
                }
                else
                {
                    rejections.Add($"{item.RequestId}: {decision.Reason}");
                }
            }
            if (rejections.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new GrantRejectedException("grant rejected by placement: " + string.Join("; ", rejections));
            }

            var last = await db.PlacementLock.Where(l => l.Id == 1).Select(l => l.Sequence).SingleAsync(cancellationToken);
            var next = last * 1000;
            foreach (var (requestId, assignment) in granted.Where(g => !mine.ContainsKey(g.Key)))
            {
                db.PlacementClaims.Add(new PlacementClaimEntity
                {
                    RequestId = requestId,
                    Sequence = ++next,
                    VnfInstanceId = instanceId,
                    OpOccId = opOccId,
                    Host = assignment.Host,
                    AssignmentJson = JsonSerializer.Serialize(assignment, Json),
                    CreatedAt = time.GetUtcNow(),
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (IReadOnlyDictionary<string, Assignment>)granted;
        });
    }

    /// <summary>Reads an assignment in its persisted form.</summary>
    public static Assignment Parse(string json) =>
        JsonSerializer.Deserialize<Assignment>(json, Json) ?? throw new JsonException("empty assignment");
}

/// <summary>The placement engine found no room for some VNFC; the message says why for each.</summary>
public sealed class GrantRejectedException(string message) : Exception(message);
