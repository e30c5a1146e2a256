using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NfvMano.Persistence.Scheduling;

// The tables Quartz.NET's ADO job store reads and writes (its persistent, clustered store).
// They are part of our model so that each provider's migrations create them like every other
// table: no separate script to run, and the same `migrate` step for the whole schema. Quartz
// owns their content; NfvMano code never queries them.

/// <summary>A stored Quartz job.</summary>
public sealed class QuartzJobDetail
{
    public string SchedName { get; set; } = "";
    public string JobName { get; set; } = "";
    public string JobGroup { get; set; } = "";
    public string? Description { get; set; }
    public string JobClassName { get; set; } = "";
    public bool IsDurable { get; set; }
    public bool IsNonconcurrent { get; set; }
    public bool IsUpdateData { get; set; }
    public bool RequestsRecovery { get; set; }
    public byte[]? JobData { get; set; }
}

/// <summary>A stored Quartz trigger.</summary>
public sealed class QuartzTrigger
{
    public string SchedName { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public string JobName { get; set; } = "";
    public string JobGroup { get; set; } = "";
    public string? Description { get; set; }
    public long? NextFireTime { get; set; }
    public long? PrevFireTime { get; set; }
    public int? Priority { get; set; }
    public string TriggerState { get; set; } = "";
    public string TriggerType { get; set; } = "";
    public long StartTime { get; set; }
    public long? EndTime { get; set; }
    public string? CalendarName { get; set; }
    public short? MisfireInstr { get; set; }
    public long? MisfireOrigFireTime { get; set; }
    public string? ExecutionGroup { get; set; }
    public string? PreferredNode { get; set; }
    public bool PreferredNodeAuto { get; set; }
    public byte[]? JobData { get; set; }
}

/// <summary>Quartz simple-trigger details.</summary>
public sealed class QuartzSimpleTrigger
{
    public string SchedName { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public long RepeatCount { get; set; }
    public long RepeatInterval { get; set; }
    public long TimesTriggered { get; set; }
}

/// <summary>Quartz property-based trigger details (calendar-interval, daily-time-interval triggers).</summary>
public sealed class QuartzSimpropTrigger
{
    public string SchedName { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public string? StrProp1 { get; set; }
    public string? StrProp2 { get; set; }
    public string? StrProp3 { get; set; }
    public int? IntProp1 { get; set; }
    public int? IntProp2 { get; set; }
    public long? LongProp1 { get; set; }
    public long? LongProp2 { get; set; }
    public decimal? DecProp1 { get; set; }
    public decimal? DecProp2 { get; set; }
    public bool? BoolProp1 { get; set; }
    public bool? BoolProp2 { get; set; }
    public string? TimeZoneId { get; set; }
}

/// <summary>Quartz cron-trigger details.</summary>
public sealed class QuartzCronTrigger
{
    public string SchedName { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public string CronExpression { get; set; } = "";
    public string? TimeZoneId { get; set; }
}

/// <summary>Quartz custom trigger storage.</summary>
public sealed class QuartzBlobTrigger
{
    public string SchedName { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public byte[]? BlobData { get; set; }
}

/// <summary>A stored Quartz calendar.</summary>
public sealed class QuartzCalendar
{
    public string SchedName { get; set; } = "";
    public string CalendarName { get; set; } = "";
    public byte[] Calendar { get; set; } = [];
}

/// <summary>A paused Quartz trigger group.</summary>
public sealed class QuartzPausedTriggerGroup
{
    public string SchedName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
}

/// <summary>A trigger that fired and whose job runs or ran on some scheduler instance.</summary>
public sealed class QuartzFiredTrigger
{
    public string SchedName { get; set; } = "";
    public string EntryId { get; set; } = "";
    public string TriggerName { get; set; } = "";
    public string TriggerGroup { get; set; } = "";
    public string InstanceName { get; set; } = "";
    public long FiredTime { get; set; }
    public long SchedTime { get; set; }
    public int Priority { get; set; }
    public string State { get; set; } = "";
    public string? JobName { get; set; }
    public string? JobGroup { get; set; }
    public bool IsNonconcurrent { get; set; }
    public bool? RequestsRecovery { get; set; }
    public string? ExecutionGroup { get; set; }
}

/// <summary>A clustered scheduler instance's last check-in; a silent instance's jobs are recovered by the others.</summary>
public sealed class QuartzSchedulerState
{
    public string SchedName { get; set; } = "";
    public string InstanceName { get; set; } = "";
    public long LastCheckinTime { get; set; }
    public long CheckinInterval { get; set; }
}

/// <summary>Row locks Quartz takes to serialise cluster-wide decisions.</summary>
public sealed class QuartzLock
{
    public string SchedName { get; set; } = "";
    public string LockName { get; set; } = "";
}

internal sealed class QuartzSchemaConfiguration :
    IEntityTypeConfiguration<QuartzJobDetail>, IEntityTypeConfiguration<QuartzTrigger>,
    IEntityTypeConfiguration<QuartzSimpleTrigger>, IEntityTypeConfiguration<QuartzSimpropTrigger>,
    IEntityTypeConfiguration<QuartzCronTrigger>, IEntityTypeConfiguration<QuartzBlobTrigger>,
    IEntityTypeConfiguration<QuartzCalendar>, IEntityTypeConfiguration<QuartzPausedTriggerGroup>,
    IEntityTypeConfiguration<QuartzFiredTrigger>, IEntityTypeConfiguration<QuartzSchedulerState>,
    IEntityTypeConfiguration<QuartzLock>
{
    /// <summary>Quartz's table prefix (<c>quartz.jobStore.tablePrefix</c>).</summary>
    public const string TablePrefix = "qrtz_";

    public void Configure(EntityTypeBuilder<QuartzJobDetail> b)
    {
        Table(b, "job_details");
        b.HasKey(x => new { x.SchedName, x.JobName, x.JobGroup });
        b.HasIndex(x => new { x.SchedName, x.RequestsRecovery }).HasDatabaseName("idx_qrtz_j_req_recovery");
        b.HasIndex(x => new { x.SchedName, x.JobGroup, x.JobName }).HasDatabaseName("idx_qrtz_j_g_n");
    }

    public void Configure(EntityTypeBuilder<QuartzTrigger> b)
    {
        Table(b, "triggers");
        b.HasKey(x => new { x.SchedName, x.TriggerName, x.TriggerGroup });
        b.Property(x => x.ExecutionGroup).HasMaxLength(200);
        b.Property(x => x.PreferredNode).HasMaxLength(200);
        b.Property(x => x.PreferredNodeAuto).HasDefaultValue(false);
        b.HasOne<QuartzJobDetail>().WithMany().HasForeignKey(x => new { x.SchedName, x.JobName, x.JobGroup }).OnDelete(DeleteBehavior.NoAction);
        b.HasIndex(x => new { x.SchedName, x.NextFireTime }).HasDatabaseName("idx_qrtz_t_next_fire_time");
        b.HasIndex(x => new { x.SchedName, x.TriggerState }).HasDatabaseName("idx_qrtz_t_state");
        b.HasIndex(x => new { x.SchedName, x.TriggerState, x.NextFireTime }).HasDatabaseName("idx_qrtz_t_nft_st");
        b.HasIndex(x => new { x.SchedName, x.TriggerGroup, x.TriggerName }).HasDatabaseName("idx_qrtz_t_g_n");
    }

    public void Configure(EntityTypeBuilder<QuartzSimpleTrigger> b) => TriggerDetail(b, "simple_triggers");

    public void Configure(EntityTypeBuilder<QuartzSimpropTrigger> b) => TriggerDetail(b, "simprop_triggers");

    public void Configure(EntityTypeBuilder<QuartzCronTrigger> b) => TriggerDetail(b, "cron_triggers");

    public void Configure(EntityTypeBuilder<QuartzBlobTrigger> b) => TriggerDetail(b, "blob_triggers");

    public void Configure(EntityTypeBuilder<QuartzCalendar> b)
    {
        Table(b, "calendars");
        b.HasKey(x => new { x.SchedName, x.CalendarName });
    }

    public void Configure(EntityTypeBuilder<QuartzPausedTriggerGroup> b)
    {
        Table(b, "paused_trigger_grps");
        b.HasKey(x => new { x.SchedName, x.TriggerGroup });
    }

    public void Configure(EntityTypeBuilder<QuartzFiredTrigger> b)
    {
        Table(b, "fired_triggers");
        b.HasKey(x => new { x.SchedName, x.EntryId });
        b.Property(x => x.ExecutionGroup).HasMaxLength(200);
        b.HasIndex(x => new { x.SchedName, x.TriggerName, x.TriggerGroup }).HasDatabaseName("idx_qrtz_ft_trig_nm_gp");
        b.HasIndex(x => new { x.SchedName, x.InstanceName }).HasDatabaseName("idx_qrtz_ft_trig_inst_name");
        b.HasIndex(x => x.RequestsRecovery).HasDatabaseName("idx_qrtz_ft_job_req_recovery");
    }

    public void Configure(EntityTypeBuilder<QuartzSchedulerState> b)
    {
        Table(b, "scheduler_state");
        b.HasKey(x => new { x.SchedName, x.InstanceName });
    }

    public void Configure(EntityTypeBuilder<QuartzLock> b)
    {
        Table(b, "locks");
        b.HasKey(x => new { x.SchedName, x.LockName });
    }

    private static void TriggerDetail<T>(EntityTypeBuilder<T> b, string table)
        where T : class
    {
        Table(b, table);
        b.HasKey("SchedName", "TriggerName", "TriggerGroup");
        b.HasOne<QuartzTrigger>().WithOne().HasForeignKey<T>("SchedName", "TriggerName", "TriggerGroup").OnDelete(DeleteBehavior.Cascade);
    }

    // Quartz's SQL names columns in snake case: sched_name, next_fire_time, str_prop_1 …
    private static void Table<T>(EntityTypeBuilder<T> b, string name)
        where T : class
    {
        b.ToTable(TablePrefix + name);
        foreach (var property in b.Metadata.GetDeclaredProperties())
        {
            property.SetColumnName(SnakeCase(property.Name));
        }
    }

    private static string SnakeCase(string name)
    {
        var result = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(name[i - 1]))))
            {
                result.Append('_');
            }
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
