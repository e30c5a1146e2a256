using System.Text.Json.Nodes;
using NfvMano.Workflows.Steps;

namespace NfvMano.Lifecycle.VnfLcm.Steps;

/// <summary>Starts or stops one VNFC (a stop is graceful within the given seconds, then forced).</summary>
internal sealed class PowerVnfcStep(VnfcRealiser realiser) : IStepHandler
{
    public const string HandlerKey = "vnflcm.power-vnfc";

    public string Key => HandlerKey;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var vnfcId = VnfLcmStepData.Text(context.Input, "vnfcId");
        var start = context.Input["start"]?.GetValue<bool>() ?? true;
        var grace = TimeSpan.FromSeconds(context.Input["graceSeconds"]?.GetValue<double>() ?? 0);
        var record = (await VnfLcmStepData.StateAsync(context, cancellationToken))?.Vnfcs.FirstOrDefault(v => v.Id == vnfcId)
            ?? throw new PermanentStepException($"VNFC {vnfcId} is not part of the instance");
        await realiser.PowerAsync(VnfLcmStepData.InstanceId(context), vnfcId, record.Host, start, grace, cancellationToken);
        return new JsonObject { ["vnfcId"] = vnfcId, ["start"] = start };
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
