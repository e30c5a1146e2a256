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
/// </summary>
public sealed class VnfOperations(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Key of the step marker in a VNF operation's <c>additionalParams</c> and a VNF instance's metadata.</summary>
    public const string MarkerKey = "nsLcmStep";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

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

    /// <summary>Waits until the operation occurrence is no longer STARTING, PROCESSING or ROLLING_BACK.</summary>
    public async Task<VnfLcmOpOccEntity> WaitAsync(Guid opOccId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var occ = await OpOccAsync(opOccId, cancellationToken);
            if (!IsRunning(occ.OperationState))
            {
                return occ;
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Whether an operation state is still moving on its own.</summary>
    public static bool IsRunning(string operationState) => operationState is "STARTING" or "PROCESSING" or "ROLLING_BACK";

    /// <summary>
    /// Makes sure a step's VNF operation has run to completion: finds the one the step started before (or starts it),
    /// waits for it, and retries one found FAILED_TEMP on entry (the NS operation was retried). A failure seen while
    /// waiting here is permanent for the step: the NS operation becomes FAILED_TEMP and the operator decides.
    /// </summary>
    /// <returns>The completed operation occurrence.</returns>
    public async Task<VnfLcmOpOccEntity> EnsureCompletedAsync(Guid vnfInstanceId, string marker, string what,
        Func<VnfLcmService, Task<Guid>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var waitedHere = false;
        for (var round = 0; round < 20; round++)
        {
            var ours = await FindStartedAsync(vnfInstanceId, marker, cancellationToken);
            if (ours is null || (!waitedHere && ours.OperationState is "ROLLED_BACK" or "FAILED"))
            {
                if (waitedHere)
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
                    await WaitAsync(ours.Id, cancellationToken);
                    waitedHere = true;
                    continue;
                case "FAILED_TEMP" when !waitedHere:
                    await WithVnfLcmAsync(async (lcm, _) => { await lcm.RetryAsync(ours.TenantId, ours.Id, cancellationToken); return 0; }, cancellationToken);
                    await WaitAsync(ours.Id, cancellationToken);
                    waitedHere = true;
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
    /// is a failed termination), an instantiated VNF is terminated, then the instance is deleted. Idempotent.
    /// </summary>
    public async Task EnsureGoneAsync(Guid vnfInstanceId, string what, CancellationToken cancellationToken)
    {
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
                    await WaitAsync(open, cancellationToken);
                }
                else if (occ.OperationState == "FAILED_TEMP")
                {
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
                    await WaitAsync(open, cancellationToken);
                }
                continue;
            }
            if (vnf.InstantiationState == VnfLcmStates.Instantiated)
            {
                var terminate = await WithVnfLcmAsync((lcm, _) => lcm.TerminateAsync(vnf.TenantId, vnf.Id, "FORCEFUL", null,
                    new JsonObject { ["terminationType"] = "FORCEFUL" }, cancellationToken), cancellationToken);
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

    /// <summary>The error detail of an operation occurrence.</summary>
    public static string Detail(VnfLcmOpOccEntity occ)
    {
        ArgumentNullException.ThrowIfNull(occ);
        return occ.ErrorJson is { } e ? (string?)JsonNode.Parse(e)?["detail"] ?? e : "no error recorded";
    }
}
