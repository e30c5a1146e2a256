using System.Text.Json.Nodes;

namespace NfvMano.Workflows.Plans;

/// <summary>
/// What a run must do: named steps, each executed and compensated by a registered handler, with
/// the steps it waits for. Steps whose dependencies are done run in parallel.
/// </summary>
public sealed class WorkflowPlan
{
    private readonly List<PlannedStep> _steps = [];

    /// <summary>Starts a plan of a kind (e.g. <c>vnf.instantiate</c>) for a subject (e.g. a VNF instance id).</summary>
    public WorkflowPlan(string kind, string subject, JsonObject? input = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        Kind = kind;
        Subject = subject;
        Input = input ?? [];
    }

    /// <summary>The kind of plan.</summary>
    public string Kind { get; }

    /// <summary>The entity the run works on; one active run per subject.</summary>
    public string Subject { get; }

    /// <summary>The run's input, visible to every step.</summary>
    public JsonObject Input { get; }

    /// <summary>The steps in plan order.</summary>
    public IReadOnlyList<PlannedStep> Steps => _steps;

    /// <summary>Adds a step that runs once every step in <paramref name="dependsOn"/> is done.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dependency is not an earlier step.</exception>
    public WorkflowPlan Step(string name, string handler, JsonObject? input = null, params string[] dependsOn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(handler);
        if (name.Contains(',', StringComparison.Ordinal) || _steps.Exists(s => s.Name == name))
        {
            throw new ArgumentException($"step name '{name}' is taken or contains a comma", nameof(name));
        }
        foreach (var dependency in dependsOn)
        {
            if (!_steps.Exists(s => s.Name == dependency))
            {
                // Only earlier steps may be named, so a plan can never contain a cycle.
                throw new ArgumentException($"step '{name}' depends on '{dependency}', which is not an earlier step", nameof(dependsOn));
            }
        }
        _steps.Add(new PlannedStep(name, handler, input ?? [], dependsOn));
        return this;
    }

    /// <summary>Adds a step that depends on the step added just before it (or on nothing if it is the first).</summary>
    public WorkflowPlan Then(string name, string handler, JsonObject? input = null) =>
        Step(name, handler, input, _steps.Count == 0 ? [] : [_steps[^1].Name]);
}

/// <summary>One step of a plan.</summary>
/// <param name="Name">Unique within the plan.</param>
/// <param name="Handler">Key of the <see cref="Steps.IStepHandler"/> that executes and compensates it.</param>
/// <param name="Input">The step's own input.</param>
/// <param name="DependsOn">Names of earlier steps that must be done first.</param>
public sealed record PlannedStep(string Name, string Handler, JsonObject Input, IReadOnlyList<string> DependsOn);
