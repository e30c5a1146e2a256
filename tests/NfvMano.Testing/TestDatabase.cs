using Microsoft.Data.Sqlite;
using NfvMano.Persistence.Configuration;
using Npgsql;

namespace NfvMano.Testing;

/// <summary>
/// A database of its own for one test or test class, on the provider the run asks for:
/// <c>NFVMANO_TEST_DATABASE=Sqlite</c> (default) or <c>PostgreSql</c>, the latter on the cluster
/// named by <c>NFVMANO_TEST_POSTGRES</c> (an admin connection string; <c>tests/run</c> starts one).
/// Dropped on dispose, so tests can run in any order.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable choosing the provider of this run.</summary>
    public const string ProviderVariable = "NFVMANO_TEST_DATABASE";

    /// <summary>The environment variable with an admin connection string to a PostgreSQL cluster.</summary>
    public const string PostgresVariable = "NFVMANO_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string _name;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, string? postgresAdmin)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _name = name;
        _postgresAdmin = postgresAdmin;
    }

    /// <summary>The provider of this database.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>Connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The provider this test run uses.</summary>
    public static DatabaseProvider RunProvider =>
        Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } value
            ? Enum.Parse<DatabaseProvider>(value, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    /// <summary>The admin connection string of the test PostgreSQL cluster, or null when none is configured.</summary>
    public static string? PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty database on the run's provider.</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(RunProvider);

    /// <summary>Creates an empty database on the given provider.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = "nfvmano_test_" + Guid.NewGuid().ToString("N")[..16];
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString(), file, null);
        }

        var admin = PostgresAdminConnectionString
            ?? throw new InvalidOperationException(
                $"{ProviderVariable}=PostgreSql needs {PostgresVariable} (an admin connection string); 'tests/run' starts a cluster and sets it.");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        return new TestDatabase(provider, connectionString, name, admin);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_name + suffix);
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgresAdmin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
