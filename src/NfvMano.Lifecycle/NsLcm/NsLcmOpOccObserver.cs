using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;
using NfvMano.Workflows.Engine;

namespace NfvMano.Lifecycle.NsLcm;

/// <summary>
/// Keeps each NS operation occurrence in step with its workflow run, inside the run's own commit: the SOL005 state,
/// the error, the NS instance's current operation, and the notification of the change.
/// </summary>
internal sealed class NsLcmOpOccObserver(NsLcmNotifications notifications, TimeProvider time) : IWorkflowRunObserver
{
    /// <summary>Prefix of the kinds of runs that are NS LCM operations.</summary>
    public const string KindPrefix = "nslcm.";

    public async Task OnRunStateChangedAsync(WorkflowRunEntity run, string previousState, NfvManoDbContext db, CancellationToken cancellationToken)
    {
        if (!run.Kind.StartsWith(KindPrefix, StringComparison.Ordinal))
        {
            return;
        }
        // At the run's creation the occurrence is added by the same transaction after this call; it announces itself.
        var opOcc = db.NsLcmOpOccs.Local.FirstOrDefault(o => o.Id == run.Id)
            ?? await db.NsLcmOpOccs.SingleOrDefaultAsync(o => o.Id == run.Id, cancellationToken);
        if (opOcc is null)
        {
            return;
        }
        var state = NsLcmStates.OperationStateOf(run.State);
        var instance = await db.NsInstances.SingleAsync(i => i.Id == opOcc.NsInstanceId, cancellationToken);
        var now = time.GetUtcNow();
        var changed = opOcc.OperationState != state;
        opOcc.OperationState = state;
        opOcc.StateEnteredTime = now;
        if (run.Error is { } error && run.State is RunStates.Paused or RunStates.Failed or RunStates.RolledBack)
        {
            opOcc.ErrorJson = new JsonObject
            {
                ["type"] = "about:blank",
                ["title"] = run.State == RunStates.RolledBack ? "Rolled back" : "Operation failed",
                ["status"] = 500,
                ["detail"] = error,
            }.ToJsonString();
        }
        if (RunStates.IsFinal(run.State) && instance.CurrentOpOccId == run.Id)
        {
            instance.CurrentOpOccId = null;
            instance.UpdatedAt = now;
        }
        // Pending -> Running is PROCESSING -> PROCESSING in SOL005: one START notification is enough.
        if (changed)
        {
            notifications.OperationChanged(db, opOcc, instance);
        }
    }
}
