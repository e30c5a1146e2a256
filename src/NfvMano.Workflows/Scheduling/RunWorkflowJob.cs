using Microsoft.Extensions.Logging;
using NfvMano.Workflows.Engine;
using Quartz;

namespace NfvMano.Workflows.Scheduling;

/// <summary>
/// One Quartz job per run: drives it with the engine. Quartz's store keeps the request across
/// restarts and, clustered, re-fires it on a live node when the node running it dies
/// (<c>RequestsRecovery</c>); the engine's lease makes a double fire harmless.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class RunWorkflowJob(WorkflowEngine engine, ILogger<RunWorkflowJob> logger) : IJob
{
    public const string RunIdKey = "runId";
    public const string Group = "workflow-runs";

    public static JobKey KeyFor(Guid runId) => new(runId.ToString("D"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunIdKey)!);
        var (outcome, resumeAt) = await engine.DriveAsync(runId, cancellationToken);
        LogOutcome(logger, runId, outcome);
        if (outcome is RunOutcome.Finished or RunOutcome.NothingToDo)
        {
            // Nothing more will happen to the run: its job and any queued triggers can go.
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
        }
        else if (outcome is RunOutcome.Waiting && resumeAt is { } due)
        {
            // The run gave its worker back while a step waits; this trigger brings it back when it is due. Stored with
            // the job, it survives a restart; were it lost, the sweeper finds the run once it is due.
            var trigger = TriggerBuilder.Create()
                .ForJob(context.JobDetail.Key)
                .StartAt(due)
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await context.Scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Workflow job for {RunId} ended: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, Guid runId, RunOutcome outcome);
}

/// <summary>Finds runs whose owner died (or that nobody picked up) and dispatches them again.</summary>
[DisallowConcurrentExecution]
internal sealed class WorkflowSweepJob(WorkflowEngine engine, IWorkflowDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("sweep", "workflow-maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var runId in await engine.FindOrphanedRunsAsync(cancellationToken))
        {
            await dispatcher.DispatchAsync(runId, cancellationToken);
        }
    }
}

/// <summary>Dispatches a run by adding a trigger to its Quartz job (queued behind a running one).</summary>
internal sealed class QuartzWorkflowDispatcher(ISchedulerFactory schedulers) : IWorkflowDispatcher
{
    public async Task DispatchAsync(Guid runId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // A trigger due to fire will run it: replacing the job would delete that trigger, and a sweeper re-dispatching
        // every interval could delete each one just after the scheduler had acquired it. A trigger due later (a parked
        // run's) does not count: the run is wanted now (a cancel, a rollback of a run paused while it was parked).
        var now = DateTimeOffset.UtcNow;
        var triggers = await scheduler.GetTriggersOfJob(RunWorkflowJob.KeyFor(runId), cancellationToken);
        if (triggers.Any(t => t.NextFireTimeUtc is not { } next || next <= now))
        {
            return;
        }
        var job = JobBuilder.Create<RunWorkflowJob>()
            .WithIdentity(RunWorkflowJob.KeyFor(runId))
            .UsingJobData(RunWorkflowJob.RunIdKey, runId.ToString("D"))
            .StoreDurably()
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .ForJob(job.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // Job and trigger are stored together: a run's job ending at this moment deletes itself, and a trigger
        // added on its own in between would name a job that no longer exists.
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }
}
