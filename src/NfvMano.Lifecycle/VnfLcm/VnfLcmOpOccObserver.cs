using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;
using NfvMano.Workflows.Engine;

namespace NfvMano.Lifecycle.VnfLcm;

/// <summary>
/// Keeps each operation occurrence in step with its workflow run, inside the run's own commit: the SOL003 state, the
/// error, the instance's current operation, and the notification of the change.
/// </summary>
internal sealed class VnfLcmOpOccObserver(VnfLcmNotifications notifications, TimeProvider time) : IWorkflowRunObserver
{
    /// <summary>Prefix of the kinds of runs that are VNF LCM operations.</summary>
    public const string KindPrefix = "vnflcm.";

    public async Task OnRunStateChangedAsync(WorkflowRunEntity run, string previousState, NfvManoDbContext db, CancellationToken cancellationToken)
    {
        if (!run.Kind.StartsWith(KindPrefix, StringComparison.Ordinal))
        {
            return;
        }
        // At the run's creation the occurrence is added by the same transaction after this call; it announces itself.
        var opOcc = db.VnfLcmOpOccs.Local.FirstOrDefault(o => o.Id == run.Id)
            ?? await db.VnfLcmOpOccs.SingleOrDefaultAsync(o => o.Id == run.Id, cancellationToken);
        if (opOcc is null)
        {
            return;
        }
        var instance = await db.VnfInstances.SingleAsync(i => i.Id == opOcc.VnfInstanceId, cancellationToken);
        var now = time.GetUtcNow();
        opOcc.OperationState = VnfLcmStates.OperationStateOf(run.State);
        opOcc.StateEnteredTime = now;
        opOcc.IsCancelPending = false;
        if (run.Error is { } error && run.State is RunStates.Paused or RunStates.Failed or RunStates.RolledBack)
        {
            // A refused grant is the NFVO saying no (SOL003 answers a rejected grant with 403), not a fault of the
            // VNFM: the client must see the difference without parsing the detail.
            var grantRejected = await db.WorkflowSteps.AnyAsync(
                s => s.RunId == run.Id && s.Handler == Steps.GrantStep.HandlerKey && s.State == StepStates.Failed, cancellationToken);
            opOcc.ErrorJson = new JsonObject
            {
                ["type"] = "about:blank",
                ["title"] = (run.State, grantRejected) switch
                {
                    (RunStates.RolledBack, _) => "Rolled back",
                    (_, true) => "Grant rejected",
                    _ => "Operation failed",
                },
                ["status"] = grantRejected ? 403 : 500,
                ["detail"] = error,
            }.ToJsonString();
        }
        if (RunStates.IsFinal(run.State) && instance.CurrentOpOccId == run.Id)
        {
            instance.CurrentOpOccId = null;
            instance.UpdatedAt = now;
        }
        notifications.OperationChanged(db, opOcc, instance);
    }
}
