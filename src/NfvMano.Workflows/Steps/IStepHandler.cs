using System.Text.Json.Nodes;

namespace NfvMano.Workflows.Steps;

/// <summary>
/// Executes and compensates one kind of step. Both must be idempotent: after a crash a step is
/// executed again from the start, and a compensation may run for a step that did only part of its
/// work (or none), so "remove what is not there" must succeed.
/// </summary>
public interface IStepHandler
{
    /// <summary>The key plans name this handler by, e.g. <c>vim.create-server</c>.</summary>
    string Key { get; }

    /// <summary>Does the step's work; the returned object is recorded and visible to later steps.</summary>
    Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Undoes whatever the step may have done.</summary>
    Task CompensateAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>A step failure that retrying cannot fix (bad input, a refusal); the run stops at once.</summary>
public sealed class PermanentStepException(string message, Exception? innerException = null) : Exception(message, innerException);
