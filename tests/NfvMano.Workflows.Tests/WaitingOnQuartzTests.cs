using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Testing;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;
using NfvMano.Workflows.Steps;
using Quartz;

namespace NfvMano.Workflows.Tests;

/// <summary>The engine on the real Quartz scheduler and store, as the server runs it, with a single worker.</summary>
public sealed class WaitingOnQuartzTests : IAsyncLifetime
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Starts a child run and completes once it has: what an NS step does with its VNF operation.</summary>
    private sealed class ParentStep(WorkflowEngine engine) : IStepHandler
    {
        public const string HandlerKey = "test.parent";

        public string Key => HandlerKey;

        public async Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var subject = "child-of-" + context.RunId;
            var child = await context.Db.WorkflowRuns.AsNoTracking().Where(r => r.Subject == subject)
                .Select(r => new { r.Id, r.State }).SingleOrDefaultAsync(cancellationToken);
            if (child is null)
            {
                var id = await engine.StartAsync(new WorkflowPlan("test.child", subject).Then("only", ChildStep.HandlerKey), null, cancellationToken);
                throw new StepWaitingException(TimeSpan.FromMilliseconds(100), $"child run {id} to start");
            }
            return child.State == RunStates.Completed
                ? new JsonObject { ["child"] = child.Id.ToString() }
                : throw new StepWaitingException(TimeSpan.FromMilliseconds(100), $"child run {child.Id} ({child.State})");
        }

        public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ChildStep : IStepHandler
    {
        public const string HandlerKey = "test.child";

        public string Key => HandlerKey;

        public Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult<JsonObject?>([]);

        public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task RunsWhoseStepsWaitForOtherRuns_AllComplete_WithASingleWorker()
    {
        var database = _database!;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:SweepInterval"] = "00:00:01",
        }).Build());
        services.AddLogging();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddNfvManoSqlite(database.ConnectionString);
        }
        else
        {
            services.AddNfvManoPostgreSql(database.ConnectionString);
        }
        services.AddNfvManoWorkflows(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString },
            provisionSchema: true, sweepInterval: TimeSpan.FromMinutes(10), maxConcurrency: 1);
        services.AddScoped<IStepHandler, ParentStep>();
        services.AddScoped<IStepHandler, ChildStep>();
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NfvManoDbContext>().Database.MigrateAsync();
        }
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        var engine = provider.GetRequiredService<WorkflowEngine>();

        // Three parents at once, one worker: a parent that held the worker while it waited would starve its child.
        var parents = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            parents.Add(await engine.StartAsync(new WorkflowPlan("test.parent", $"parent-{i}-{Guid.NewGuid():N}").Then("wait-for-child", ParentStep.HandlerKey), null, CancellationToken.None));
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<(string State, int Attempts, string? Error)> states;
        do
        {
            await Task.Delay(200);
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            states = await db.WorkflowSteps.AsNoTracking().Where(s => parents.Contains(s.RunId))
                .Select(s => new ValueTuple<string, int, string?>(s.State, s.Attempts, s.Error)).ToListAsync();
        }
        while (DateTime.UtcNow < deadline && states.Any(s => s.State != StepStates.Done));
        // A run that never gave its worker back would also never let this return.
        await scheduler.Shutdown(waitForJobsToComplete: true).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(StepStates.Done, 1, null), (StepStates.Done, 1, null), (StepStates.Done, 1, null)], states);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            Assert.Equal(3, await db.WorkflowRuns.CountAsync(r => r.Kind == "test.child" && r.State == RunStates.Completed));
            Assert.Equal(3, await db.WorkflowRuns.CountAsync(r => r.Kind == "test.parent" && r.State == RunStates.Completed));
        }
    }
}
