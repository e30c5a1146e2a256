using System.Text.Json;
using System.Text.Json.Nodes;
using NfvMano.Persistence;
using NfvMano.Persistence.Workflows;

namespace NfvMano.Workflows.Steps;

/// <summary>
/// What a step sees: its input, the run's input, the outputs of the steps done before it, and a
/// database context whose changes commit in the same transaction as the step's completion.
/// </summary>
public sealed class StepContext
{
    private readonly TimeProvider _time;

    internal StepContext(Guid runId, string runKind, string subject, string stepName, int attempt,
        JsonObject input, JsonObject runInput, IReadOnlyDictionary<string, JsonObject> outputs,
        NfvManoDbContext db, TimeProvider time, string? waitingFor = null, DateTimeOffset? waitingSince = null)
    {
        RunId = runId;
        RunKind = runKind;
        Subject = subject;
        StepName = stepName;
        Attempt = attempt;
        Input = input;
        RunInput = runInput;
        Outputs = outputs;
        Db = db;
        _time = time;
        WaitingFor = waitingFor;
        WaitingSince = waitingSince;
    }

    /// <summary>The run.</summary>
    public Guid RunId { get; }

    /// <summary>The run's kind.</summary>
    public string RunKind { get; }

    /// <summary>The entity the run works on.</summary>
    public string Subject { get; }

    /// <summary>This step's name.</summary>
    public string StepName { get; }

    /// <summary>1 on the first execution; higher after a failure or a crash (not after a wait).</summary>
    public int Attempt { get; }

    /// <summary>
    /// When this execution (or compensation) resumes a wait the step yielded with (<see cref="StepWaitingException"/>):
    /// what it said it was waiting for. Null on a fresh attempt, so a step can tell "what I waited for has ended
    /// badly" (its own doing: stop) from "I find it ended badly on entry" (an earlier attempt's: start over).
    /// </summary>
    public string? WaitingFor { get; }

    /// <summary>Since when the step has been waiting, when <see cref="WaitingFor"/> is set.</summary>
    public DateTimeOffset? WaitingSince { get; }

    /// <summary>This step's input.</summary>
    public JsonObject Input { get; }

    /// <summary>The run's input.</summary>
    public JsonObject RunInput { get; }

    /// <summary>Outputs of the steps that are done, by step name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Outputs { get; }

    /// <summary>Changes made here commit together with the step's completion, or not at all.</summary>
    public NfvManoDbContext Db { get; }

    /// <summary>Queues a message to deliver once (and only if) the step's completion commits.</summary>
    public void Emit(string type, object payload)
    {
        Db.OutboxMessages.Add(new OutboxMessageEntity
        {
            Id = Guid.NewGuid(),
            Type = type,
            PayloadJson = JsonSerializer.Serialize(payload, payload.GetType(), JsonSerializerOptions.Web),
            CreatedAt = _time.GetUtcNow(),
            NextAttemptAt = _time.GetUtcNow(),
        });
    }
}
