using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Persistence.Sqlite;

/// <summary>The embedded default: NfvMano's database in one SQLite file.</summary>
public static class SqlitePersistence
{
    /// <summary>Registers the NfvMano database on SQLite.</summary>
    public static IServiceCollection AddNfvManoSqlite(this IServiceCollection services, string connectionString) =>
        services.AddNfvManoPersistence(options => Configure(options, connectionString));

    /// <summary>Creates the folder of the database file (SQLite creates the file, not its folder).</summary>
    public static void EnsureDataFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>The provider settings shared by the server and the design-time factory.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqlitePersistence).Assembly.GetName().Name));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without the server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<NfvManoDbContext>
{
    public NfvManoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NfvManoDbContext>();
        SqlitePersistence.Configure(options, "Data Source=design-time.db");
        return new NfvManoDbContext(options.Options);
    }
}
