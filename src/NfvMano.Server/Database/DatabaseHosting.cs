using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Server.Health;
using NfvMano.Server.Hosting;

namespace NfvMano.Server.Database;

/// <summary>Chooses the database provider from configuration and owns schema migration.</summary>
internal static partial class DatabaseHosting
{
    public static DatabaseOptions ReadDatabaseOptions(this StartupOptions startup) =>
        startup.Bind<DatabaseOptions>(DatabaseOptions.SectionName, o => o.Validate());

    public static WebApplicationBuilder AddNfvManoDatabase(this WebApplicationBuilder builder, DatabaseOptions options)
    {
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        _ = options.Provider switch
        {
            DatabaseProvider.PostgreSql => builder.Services.AddNfvManoPostgreSql(options.EffectiveConnectionString),
            _ => builder.Services.AddNfvManoSqlite(options.EffectiveConnectionString),
        };
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The embedded default migrates as it starts; PostgreSQL servers do not unless told to, so that
    /// several of them never race on one schema (readiness reports a schema that is behind).
    /// </summary>
    public static async Task MigrateOnStartIfConfiguredAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.EffectiveMigrateOnStart)
        {
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        }
    }

    /// <summary>Applies pending migrations; used at start for the embedded default and by <c>migrate</c>.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            SqlitePersistence.EnsureDataFolder(options.EffectiveConnectionString);
        }
        var db = scope.ServiceProvider.GetRequiredService<NfvManoDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseHosting));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogSchemaCurrent(logger, db.Database.ProviderName ?? "?");
            return;
        }
        LogMigrating(logger, pending.Count, db.Database.ProviderName ?? "?", string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database schema is current ({Provider})")]
    private static partial void LogSchemaCurrent(ILogger logger, string provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Applying {Count} migration(s) on {Provider}: {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, string provider, string migrations);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Applied {Count} migration(s)")]
    private static partial void LogMigrated(ILogger logger, int count);
}
