using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NfvMano.Persistence;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Testing;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Steps;

namespace NfvMano.Workflows.Tests;

/// <summary>
/// Engines on one real database (the run's provider), as separate "processes" would have them:
/// each engine has its own node id and services, all share the database and a manual clock.
/// </summary>
public sealed class EngineHarness : IAsyncLifetime
{
    private TestDatabase? _database;

    public ManualTime Time { get; } = new();

    /// <summary>What the step handlers did, in order: "execute:step", "compensate:step".</summary>
    public ConcurrentQueue<string> Journal { get; } = new();

    /// <summary>Runs dispatched by the engines (the tests drive them).</summary>
    public ConcurrentQueue<Guid> Dispatched { get; } = new();

    /// <summary>Behaviour per step name: how many executions fail first, whether it hangs, etc.</summary>
    public ConcurrentDictionary<string, StepScript> Scripts { get; } = new();

    public TestDatabase Database => _database ?? throw new InvalidOperationException();

    /// <summary>The engines' bound on how long a step may keep waiting.</summary>
    public static readonly TimeSpan MaxStepWait = TimeSpan.FromMinutes(10);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var provider = NewServices("migrator");
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NfvManoDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>An engine's services; <paramref name="lacking"/> names a step handler this "process" does not have.</summary>
    public ServiceProvider NewServices(string nodeId, string? lacking = null)
    {
        var services = new ServiceCollection();
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddNfvManoSqlite(Database.ConnectionString);
        }
        else
        {
            services.AddNfvManoPostgreSql(Database.ConnectionString);
        }
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Options.Create(new WorkflowOptions
        {
            NodeId = nodeId,
            LeaseDuration = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.FromSeconds(10),
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.Zero,
            MaxStepWait = MaxStepWait,
        }));
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<WorkflowEngine>();
        services.AddSingleton<IWorkflowDispatcher>(new RecordingDispatcher(Dispatched));
        foreach (var key in new[] { "test.step", "test.other" }.Where(k => k != lacking))
        {
            services.AddScoped<IStepHandler>(_ => new ScriptedStep(key, this));
        }
        return services.BuildServiceProvider();
    }

    public async Task<T> QueryAsync<T>(Func<NfvManoDbContext, Task<T>> query)
    {
        await using var provider = NewServices("reader");
        await using var scope = provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NfvManoDbContext>());
    }

    private sealed class RecordingDispatcher(ConcurrentQueue<Guid> dispatched) : IWorkflowDispatcher
    {
        public Task DispatchAsync(Guid runId, CancellationToken cancellationToken)
        {
            dispatched.Enqueue(runId);
            return Task.CompletedTask;
        }
    }
}

/// <summary>How a scripted step behaves.</summary>
public sealed class StepScript
{
    /// <summary>Executions that throw before one succeeds.</summary>
    public int FailuresBeforeSuccess { get; set; }

    /// <summary>Throw a permanent failure on every execution.</summary>
    public bool FailPermanently { get; set; }

    /// <summary>Compensations that throw before one succeeds.</summary>
    public int CompensationFailures { get; set; }

    /// <summary>When set, the first execution blocks on it and ignores cancellation: a process that hangs and dies.</summary>
    public TaskCompletionSource? HangFirstExecution { get; set; }

    /// <summary>Signalled when the step starts executing.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Executions that yield (<see cref="StepWaitingException"/>) before one succeeds; -1: every one.</summary>
    public int WaitsBeforeSuccess { get; set; }

    /// <summary>Compensations that yield before one succeeds.</summary>
    public int CompensationWaits { get; set; }

    /// <summary>When set, executions yield until this time (a deliberate wait, not bounded by MaxStepWait).</summary>
    public DateTimeOffset? WaitUntil { get; set; }

    /// <summary>What a yielding step asks for.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per execution or compensation: the attempt and the wait it resumed (<see cref="StepContext.WaitingFor"/>).</summary>
    public ConcurrentQueue<(int Attempt, string? WaitingFor, DateTimeOffset? WaitingSince)> Seen { get; } = new();

    public int Waits;
    public int CompensationYields;

    public int Executions;
    public int Compensations;
}

internal sealed class ScriptedStep(string key, EngineHarness harness) : IStepHandler
{
    public string Key => key;

    public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var script = harness.Scripts.GetOrAdd(context.StepName, _ => new StepScript());
        var n = Interlocked.Increment(ref script.Executions);
        harness.Journal.Enqueue("execute:" + context.StepName);
        script.Started.TrySetResult();
        script.Seen.Enqueue((context.Attempt, context.WaitingFor, context.WaitingSince));
        if (script.WaitUntil is { } until && harness.Time.GetUtcNow() < until)
        {
            Interlocked.Increment(ref script.Waits);
            throw new StepWaitingException(until, $"the appointed time of {context.StepName}", harness.Time.GetUtcNow());
        }
        if (script.WaitsBeforeSuccess < 0 || script.Waits < script.WaitsBeforeSuccess)
        {
            var waits = Interlocked.Increment(ref script.Waits);
            throw new StepWaitingException(script.RetryAfter, $"the thing {context.StepName} needs (look {waits})");
        }
        if (n == 1 && script.HangFirstExecution is { } hang)
        {
            await hang.Task;
            throw new InvalidOperationException("the hung process woke up after it was declared dead");
        }
        if (script.FailPermanently)
        {
            throw new PermanentStepException($"{context.StepName} refused");
        }
        if (n <= script.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"{context.StepName} transient failure {n}");
        }
        context.Emit("StepDone", new { step = context.StepName, run = context.RunId });
        var seen = new JsonArray([.. context.Outputs.Keys.Order().Select(k => (JsonNode)k)]);
        return new JsonObject { ["step"] = context.StepName, ["attempt"] = context.Attempt, ["saw"] = seen };
    }

    public Task CompensateAsync(StepContext context, CancellationToken cancellationToken)
    {
        var script = harness.Scripts.GetOrAdd(context.StepName, _ => new StepScript());
        var n = Interlocked.Increment(ref script.Compensations);
        harness.Journal.Enqueue("compensate:" + context.StepName);
        script.Seen.Enqueue((context.Attempt, context.WaitingFor, context.WaitingSince));
        if (script.CompensationYields < script.CompensationWaits)
        {
            var waits = Interlocked.Increment(ref script.CompensationYields);
            throw new StepWaitingException(script.RetryAfter, $"the undoing of {context.StepName} (look {waits})");
        }
        return n <= script.CompensationFailures
            ? throw new InvalidOperationException($"{context.StepName} compensation failure {n}")
            : Task.CompletedTask;
    }
}

/// <summary>A clock the test moves; timers fire when it passes their due time.</summary>
public sealed class ManualTime : TimeProvider
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _inner = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);

    public void Advance(TimeSpan by) => _inner.Advance(by);
}
