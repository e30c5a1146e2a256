using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NfvMano.Persistence.Configuration;
using NfvMano.Workflows.Engine;
using NfvMano.Workflows.Scheduling;
using Quartz;

namespace NfvMano.Workflows;

/// <summary>Registers the durable workflow engine and the Quartz scheduler that drives it.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine, its options (section <c>Workflows</c>) and Quartz with its persistent store in
    /// the NfvMano database: clustered on PostgreSQL so several server processes share the work.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="database">Where the NfvMano database is; Quartz keeps its tables there too.</param>
    /// <param name="provisionSchema">Whether Quartz creates its missing tables at start (idempotent);
    /// false where an explicit migrate step owns the schema.</param>
    /// <param name="sweepInterval">How often runs whose owner vanished are looked for.</param>
    /// <param name="maxConcurrency">Runs executed at once by this process (<see cref="WorkflowOptions.MaxConcurrency"/>).</param>
    public static IServiceCollection AddNfvManoWorkflows(this IServiceCollection services, DatabaseOptions database, bool provisionSchema, TimeSpan sweepInterval,
        int maxConcurrency = 10)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<IWorkflowDispatcher, QuartzWorkflowDispatcher>();

        var properties = new Dictionary<string, string?>
        {
            ["quartz.scheduler.instanceName"] = "nfvmano",
            // Unique per process: clustered nodes must differ, and a restarted node is a new instance.
            ["quartz.scheduler.instanceId"] = "AUTO",
            // Runs driven at once; a step that waits for another run yields its slot (StepWaitingException), so the few
            // slots are not all held by NS operations waiting for VNF operations that need one.
            ["quartz.threadPool.maxConcurrency"] = maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        services.AddQuartz(properties, quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = "qrtz_";
                    ado.SchemaProvisioning = provisionSchema ? SchemaProvisioning.CreateIfMissing : SchemaProvisioning.None;
                });
                if (database.Provider == DatabaseProvider.PostgreSql)
                {
                    store.UsePostgres(database.EffectiveConnectionString);
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                }
                else
                {
                    store.UseSqlite(database.EffectiveConnectionString);
                }
            });
            quartz.ScheduleJob<WorkflowSweepJob>(
                trigger => trigger.WithIdentity("sweep", "workflow-maintenance").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(sweepInterval).RepeatForever()),
                job => job.WithIdentity(WorkflowSweepJob.Key));
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            o.AwaitApplicationStarted = true;
        });
        return services;
    }
}

/// <summary>Start-up steps of the workflow scheduler.</summary>
public static class WorkflowSchedulerSetup
{
    /// <summary>
    /// Creates the scheduler, which provisions Quartz's tables where missing (idempotent), without
    /// starting it; part of <c>nfvmano-server migrate</c>.
    /// </summary>
    public static async Task PrepareSchedulerStoreAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
    }
}
