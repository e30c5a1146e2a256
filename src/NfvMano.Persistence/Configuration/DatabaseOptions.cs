namespace NfvMano.Persistence.Configuration;

/// <summary>Which database NfvMano keeps its state in, bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Database";

    /// <summary>The embedded default's connection string: a file under <c>./data</c>.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/nfvmano.db";

    /// <summary>The provider; SQLite unless configured otherwise.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The ADO.NET connection string. Optional for SQLite, required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether the server applies pending migrations when it starts. Unset means: yes for the
    /// embedded SQLite default, no for PostgreSQL, where several servers share one database and
    /// <c>nfvmano-server migrate</c> is run once, explicitly, before they start.
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>The connection string to use, with the embedded default filled in.</summary>
    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && Provider == DatabaseProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? string.Empty;

    /// <summary>Whether migrations run at start, with the provider's default filled in.</summary>
    public bool EffectiveMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;

    /// <summary>Every problem with these options, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Provider))
        {
            problems.Add($"{SectionName}:Provider: '{Provider}' is not a provider; use Sqlite or PostgreSql.");
        }
        else if (Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:ConnectionString: required when {SectionName}:Provider is PostgreSql.");
        }
        return problems;
    }
}

/// <summary>The database engines NfvMano runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded, a single file; the default for one process on one machine.</summary>
    Sqlite = 1,

    /// <summary>Production: several server processes share one database.</summary>
    PostgreSql = 2,
}
