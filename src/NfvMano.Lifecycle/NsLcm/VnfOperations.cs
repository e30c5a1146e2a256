using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>
/// How NS steps drive constituent VNFs: always through <see cref="VnfLcmService"/> (the same SOL003 semantics and
/// grants as any VNFM client), each call in a scope of its own so it commits at once, whatever the step's own unit of
/// work does. Every VNF operation an NS step starts carries the step's marker in its <c>additionalParams</c>, so a
/// step re-entered after a crash finds the operation it already started instead of starting another.
/// <para>
/// A step does not hold its worker while a VNF operation runs: the VNF operation is itself a workflow run that needs a
/// worker, and NS steps holding them all would starve it. A wait polls briefly in place (a fast operation costs no
/// reschedule) and then yields (<see cref="StepWaitingException"/>); the engine runs the step again a little later, and
/// it finds its operation by the marker. What it waited for comes back as <see cref="StepContext.WaitingFor"/>, which
/// is how a re-entered step tells "the operation I was waiting for failed" (stop) from "an earlier attempt left it
/// failed" (retry it, or start over).
/// </para>
/// </summary>
public sealed partial class VnfOperations(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Key of the step marker in a VNF operation's <c>additionalParams</c> and a VNF instance's metadata.</summary>
    public const string MarkerKey = "nsLcmStep";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a wait polls in place before the step yields its worker.</summary>
    private static readonly TimeSpan PollInPlace = TimeSpan.FromSeconds(1.5);

    /// <summary>When a step that yielded looks again.</summary>
    private static readonly TimeSpan LookAgainAfter = TimeSpan.FromSeconds(2);

    /// <summary>The marker of a step: its run and name.</summary>
    public static string MarkerOf(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{context.RunId}/{context.StepName}";
    }

    /// <summary>The request recorded with a VNF operation: the given one plus the step marker.</summary>
    public static JsonObject Marked(JsonObject request, string marker)
    {
        ArgumentNullException.ThrowIfNull(request);
        var copy = (JsonObject)request.DeepClone();
        var additional = copy["additionalParams"] as JsonObject ?? [];
        additional[MarkerKey] = marker;
        copy["additionalParams"] = additional;
        return copy;
    }

    /// <summary>Runs <paramref name="action"/> with a VNF LCM service of a fresh scope.</summary>
    public async Task<T> WithVnfLcmAsync<T>(Func<VnfLcmService, NfvManoDbContext, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = scopes.CreateAsyncScope();
        cancellationToken.ThrowIfCancellationRequested();
        return await action(scope.ServiceProvider.GetRequiredService<VnfLcmService>(), scope.ServiceProvider.GetRequiredService<NfvManoDbContext>());
    }

    /// <summary>The VNF instance, or null when it is gone.</summary>
    public Task<VnfInstanceEntity?> FindVnfAsync(Guid vnfInstanceId, CancellationToken cancellationToken) =>
        WithVnfLcmAsync((_, db) => db.VnfInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == vnfInstanceId, cancellationToken), cancellationToken);

    /// <summary>The VNF instance a step created (found by the marker in its metadata), if any.</summary>
    public Task<VnfInstanceEntity?> FindCreatedAsync(string marker, CancellationToken cancellationToken)
    {
        var needle = $"\"{MarkerKey}\":\"{marker}\"";
        return WithVnfLcmAsync((_, db) => db.VnfInstances.AsNoTracking()
            .Where(i => i.MetadataJson.Contains(needle)).OrderBy(i => i.CreatedAt).FirstOrDefaultAsync(cancellationToken), cancellationToken);
    }

    /// <summary>The newest VNF operation occurrence a step started on the instance, if any.</summary>
    public Task<VnfLcmOpOccEntity?> FindStartedAsync(Guid vnfInstanceId, string marker, CancellationToken cancellationToken)
    {
        var needle = $"\"{MarkerKey}\":\"{marker}\"";
        return WithVnfLcmAsync(async (_, db) =>
        {
            var occs = await db.VnfLcmOpOccs.AsNoTracking()
                .Where(o => o.VnfInstanceId == vnfInstanceId && o.OperationParamsJson.Contains(needle)).ToListAsync(cancellationToken);
            return occs.OrderByDescending(o => o.StartTime).FirstOrDefault();
        }, cancellationToken);
    }

    /// <summary>The operation occurrence's current state.</summary>
    public Task<VnfLcmOpOccEntity> OpOccAsync(Guid opOccId, CancellationToken cancellationToken) =>
        WithVnfLcmAsync((_, db) => db.VnfLcmOpOccs.AsNoTracking().SingleAsync(o => o.Id == opOccId, cancellationToken), cancellationToken);

    /// <summary>
    /// Returns the operation occurrence once it is no longer STARTING, PROCESSING or ROLLING_BACK, if that happens within
    /// a short while; otherwise the step yields: a <see cref="StepWaitingException"/> naming the operation and its state
    /// (read back with <see cref="WaitedFor"/> when the step is run again).
    /// </summary>
    /// <exception cref="StepWaitingException">The operation is still running.</exception>
    public async Task<VnfLcmOpOccEntity> WaitAsync(Guid opOccId, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + PollInPlace;
        while (true)
        {
            var occ = await OpOccAsync(opOccId, cancellationToken);
            if (!IsRunning(occ.OperationState))
            {
                return occ;
            }
            if (time.GetUtcNow() >= until)
            {
                throw new StepWaitingException(LookAgainAfter,
                    $"VNF LCM operation {occ.Id:D} ({occ.Operation}, {occ.OperationState}) on VNF instance {occ.VnfInstanceId:D}");
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>
    /// The VNF operation a step resumed by the engine had been waiting for (<see cref="WaitAsync"/>), with the state it
    /// was in then; null when the step starts afresh (first attempt, retry, after a crash outside a wait).
    /// </summary>
    public static WaitedOperation? WaitedFor(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WaitingFor is { } text && WaitingForPattern().Match(text) is { Success: true } m
            ? new WaitedOperation(Guid.Parse(m.Groups["id"].Value), m.Groups["operation"].Value, m.Groups["state"].Value)
            : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^VNF LCM operation (?<id>[0-9a-f-]{36}) \((?<operation>[A-Z_]+), (?<state>[A-Z_]+)\)")]
    private static partial System.Text.RegularExpressions.Regex WaitingForPattern();

    /// <summary>Whether an operation state is still moving on its own.</summary>
    public static bool IsRunning(string operationState) => operationState is "STARTING" or "PROCESSING" or "ROLLING_BACK";

    /// <summary>
    /// Makes sure a step's VNF operation has run to completion: finds the one the step started before (or starts it),
    /// waits for it, and retries one found FAILED_TEMP on entry (the NS operation was retried). A failure seen while
    /// waiting here is permanent for the step: the NS operation becomes FAILED_TEMP and the operator decides. "Waiting
    /// here" includes the waits of this attempt before the step yielded (<see cref="WaitedFor"/>): a step resumed after
    /// its operation failed must not take that for an earlier attempt's failure and retry or restart it.
    /// </summary>
    /// <returns>The completed operation occurrence.</returns>
    /// <exception cref="StepWaitingException">The operation is still running.</exception>
    public async Task<VnfLcmOpOccEntity> EnsureCompletedAsync(StepContext step, Guid vnfInstanceId, string what,
        Func<VnfLcmService, Task<Guid>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(start);
        var marker = MarkerOf(step);
        var waitedFor = WaitedFor(step)?.OpOccId;
        for (var round = 0; round < 20; round++)
        {
            var ours = await FindStartedAsync(vnfInstanceId, marker, cancellationToken);
            var waitedHere = ours is not null && ours.Id == waitedFor;
            if (ours is null || (!waitedHere && ours.OperationState is "ROLLED_BACK" or "FAILED"))
            {
                if (waitedFor is not null)
                {
                    throw new PermanentStepException($"{what}: the VNF operation vanished.");
                }
                var vnf = await FindVnfAsync(vnfInstanceId, cancellationToken)
                    ?? throw new PermanentStepException($"{what}: VNF instance {vnfInstanceId} no longer exists.");
                if (vnf.CurrentOpOccId is { } other)
                {
                    // Another client's operation holds the VNF: transient, the engine retries the step with backoff.
                    throw new InvalidOperationException($"{what}: VNF instance {vnfInstanceId} is busy with operation {other}.");
                }
                try
                {
                    await WithVnfLcmAsync((lcm, _) => start(lcm), cancellationToken);
                }
                catch (VnfLcmException e) when (e.Kind is not VnfLcmErrorKind.Conflict)
                {
                    throw new PermanentStepException($"{what}: the VNFM refused: {e.Message}", e);
                }
                continue;
            }
            switch (ours.OperationState)
            {
                case "COMPLETED":
                    return ours;
                case var s when IsRunning(s):
                    waitedFor = ours.Id;
                    await WaitAsync(ours.Id, cancellationToken);
                    continue;
                case "FAILED_TEMP" when !waitedHere:
                    await WithVnfLcmAsync(async (lcm, _) => { await lcm.RetryAsync(ours.TenantId, ours.Id, cancellationToken); return 0; }, cancellationToken);
                    waitedFor = ours.Id;
                    await WaitAsync(ours.Id, cancellationToken);
                    continue;
                default:
                    throw new PermanentStepException(
                        $"{what}: VNF LCM operation {ours.Id} ({ours.Operation}) on VNF instance {vnfInstanceId} is {ours.OperationState}: {Detail(ours)}");
            }
        }
        throw new InvalidOperationException($"{what}: the VNF operation did not settle.");
    }

    /// <summary>
    /// Makes sure a VNF instance is gone: an open operation is waited for (rolled back when FAILED_TEMP, retried when it
    /// is a failed termination), an instantiated VNF is terminated, then the instance is deleted. Idempotent. A
    /// termination or rollback this step drove, or waited for, that ends FAILED_TEMP is not driven again by the same
    /// attempt (even across the step yielding): the step fails and the engine's attempts bound the retries.
    /// </summary>
    /// <exception cref="StepWaitingException">An operation on the VNF is still running.</exception>
    public async Task EnsureGoneAsync(StepContext step, Guid vnfInstanceId, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var waited = WaitedFor(step);
        for (var round = 0; round < 20; round++)
        {
            var vnf = await FindVnfAsync(vnfInstanceId, cancellationToken);
            if (vnf is null)
            {
                return;
            }
            if (vnf.CurrentOpOccId is { } open)
            {
                var occ = await OpOccAsync(open, cancellationToken);
                if (IsRunning(occ.OperationState))
                {
                    waited = new WaitedOperation(open, occ.Operation, occ.OperationState);
                    await WaitAsync(open, cancellationToken);
                }
                else if (occ.OperationState == "FAILED_TEMP")
                {
                    if (waited is { } w && w.OpOccId == open && (w.State == "ROLLING_BACK" || occ.Operation == VnfLcmStates.Operations.Terminate))
                    {
                        // The rollback or termination it was waiting for failed: driving it again here could go on forever.
                        throw new InvalidOperationException(
                            $"{what}: VNF LCM operation {open} ({occ.Operation}) on VNF instance {vnf.Id} ended FAILED_TEMP{(w.State == "ROLLING_BACK" ? " while rolling back" : "")}: {Detail(occ)}");
                    }
                    await WithVnfLcmAsync(async (lcm, _) =>
                    {
                        if (occ.Operation == VnfLcmStates.Operations.Terminate)
                        {
                            await lcm.RetryAsync(vnf.TenantId, open, cancellationToken);
                        }
                        else
                        {
                            await lcm.RollbackAsync(vnf.TenantId, open, cancellationToken);
                        }
                        return 0;
                    }, cancellationToken);
                    waited = new WaitedOperation(open, occ.Operation, occ.Operation == VnfLcmStates.Operations.Terminate ? "PROCESSING" : "ROLLING_BACK");
                    await WaitAsync(open, cancellationToken);
                }
                continue;
            }
            if (vnf.InstantiationState == VnfLcmStates.Instantiated)
            {
                var terminate = await WithVnfLcmAsync((lcm, _) => lcm.TerminateAsync(vnf.TenantId, vnf.Id, "FORCEFUL", null,
                    new JsonObject { ["terminationType"] = "FORCEFUL" }, cancellationToken), cancellationToken);
                waited = new WaitedOperation(terminate, VnfLcmStates.Operations.Terminate, "PROCESSING");
                var done = await WaitAsync(terminate, cancellationToken);
                if (done.OperationState != "COMPLETED")
                {
                    throw new InvalidOperationException($"{what}: terminating VNF instance {vnf.Id} ended {done.OperationState}: {Detail(done)}");
                }
                continue;
            }
            await WithVnfLcmAsync(async (lcm, _) => { await lcm.DeleteAsync(vnf.TenantId, vnf.Id, cancellationToken); return 0; }, cancellationToken);
            return;
        }
        throw new InvalidOperationException($"{what}: VNF instance {vnfInstanceId} did not settle.");
    }

    /// <summary>A VNF operation a step waited for, and the (running) state it was in then.</summary>
    /// <param name="OpOccId">The operation occurrence.</param>
    /// <param name="Operation">INSTANTIATE, TERMINATE, …</param>
    /// <param name="State">STARTING, PROCESSING or ROLLING_BACK.</param>
    public sealed record WaitedOperation(Guid OpOccId, string Operation, string State);

    /// <summary>The error detail of an operation occurrence.</summary>
    public static string Detail(VnfLcmOpOccEntity occ)
    {
        ArgumentNullException.ThrowIfNull(occ);
        return occ.ErrorJson is { } e ? (string?)JsonNode.Parse(e)?["detail"] ?? e : "no error recorded";
    }
}
