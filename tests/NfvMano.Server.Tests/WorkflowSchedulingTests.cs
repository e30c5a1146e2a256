using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Persistence;
using NfvMano.Testing;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Plans;
using NfvMano.Workflows.Steps;

namespace NfvMano.Server.Tests;

/// <summary>The workflow engine driven by the server's Quartz scheduler on its persistent store.</summary>
public sealed class WorkflowSchedulingTests
{
    private sealed class CountingStep : IStepHandler
    {
        public static int Executions;

        public string Key => "test.count";

        public Task<JsonObject?> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Executions);
            return Task.FromResult<JsonObject?>(new JsonObject { ["ok"] = true });
        }

        public Task CompensateAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task StartedRun_IsDrivenToCompletionByTheScheduler()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database);
        await using var server = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IStepHandler, CountingStep>()));
        // Not server.CreateClient(): a derived factory configures its clients through its parent's ConfigureClient, whose
        // access token starts the parent's server too, a second Quartz scheduler on the same store without the test's step
        // handler that takes the run's triggers. /metrics needs no token.
        using var client = server.Server.CreateClient();
        var engine = server.Services.GetRequiredService<WorkflowEngine>();
        var subject = "vnf-" + Guid.NewGuid();

        var runId = await engine.StartAsync(new WorkflowPlan("test.scheduled", subject).Then("one", "test.count").Then("two", "test.count"), null, CancellationToken.None);
        var state = await WaitForStateAsync(server.Services, runId, RunStates.Completed, TimeSpan.FromSeconds(60));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(RunStates.Completed, state);
        Assert.Contains("nfvmano_workflow_runs_started", metrics, StringComparison.Ordinal);
        Assert.Contains("nfvmano_workflow_step_duration", metrics, StringComparison.Ordinal);
        Assert.Contains("handler=\"test.count\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunLeftByADeadProcess_IsResumedByTheSweeper()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new NfvManoServerFactory(database, new Dictionary<string, string?> { ["Workflows:SweepInterval"] = "00:00:01" });
        await using var server = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IStepHandler, CountingStep>()));
        // Only this server may run: see above (server.CreateClient() would start the parent factory's server as well).
        _ = server.Server;
        var runId = Guid.NewGuid();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // What a process killed mid-step leaves: Running, a step Running, an expired lease, no Quartz trigger.
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            var past = DateTimeOffset.UtcNow.AddMinutes(-5);
            db.WorkflowRuns.Add(new Persistence.Workflows.WorkflowRunEntity
            {
                Id = runId, Kind = "test.orphan", Subject = "vnf-" + runId, State = RunStates.Running,
                Owner = "dead-node", LeaseExpiresAt = past, CreatedAt = past, UpdatedAt = past,
                Steps = [new() { Index = 0, Name = "only", Handler = "test.count", State = StepStates.Running, Attempts = 1, StartedAt = past }],
            });
            await db.SaveChangesAsync();
        }

        var state = await WaitForStateAsync(server.Services, runId, RunStates.Completed, TimeSpan.FromSeconds(90));

        Assert.Equal(RunStates.Completed, state);
    }

    private static async Task<string> WaitForStateAsync(IServiceProvider services, Guid runId, string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var state = "";
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
            state = await db.WorkflowRuns.Where(r => r.Id == runId).Select(r => r.State).SingleAsync();
            if (state == expected)
            {
                return state;
            }
            await Task.Delay(250);
        }
        return state;
    }
}
