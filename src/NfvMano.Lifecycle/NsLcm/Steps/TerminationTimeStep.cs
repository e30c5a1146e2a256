using System.Globalization;
using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.NsLcm.Steps;

/// <summary>
/// The first step of a termination asked for a later time (SOL005 <c>terminationTime</c>): it waits, parked without a
/// worker, until that time, and the rest of the termination follows. Meanwhile the operation is PROCESSING, its step says
/// what it waits for, and a cancel ends the wait at once (FAILED_TEMP; a rollback leaves the NS as it was). Nothing to undo.
/// </summary>
internal sealed class TerminationTimeStep(TimeProvider time) : IStepHandler
{
    public const string HandlerKey = "nslcm.termination-time";

    public string Key => HandlerKey;

    public Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.Parse(NsStepData.Str(context.Input, "terminationTime")!, CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        if (now < until)
        {
            throw new StepWaitingException(until, $"the termination time {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", now);
        }
        return Task.FromResult<JsonObject?>(new JsonObject { ["waitedUntil"] = until.ToString("O", CultureInfo.InvariantCulture) });
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
