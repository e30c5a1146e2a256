using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace NfvMano.Persistence.PostgreSql;

/// <summary>Production: NfvMano's database on PostgreSQL, shared by several server processes.</summary>
public static class PostgreSqlPersistence
{
    /// <summary>Registers the NfvMano database on PostgreSQL.</summary>
    public static IServiceCollection AddNfvManoPostgreSql(this IServiceCollection services, string connectionString) =>
        services.AddNfvManoPersistence(options => Configure(options, connectionString));

    /// <summary>The provider settings shared by the server and the design-time factory.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        // No retrying execution strategy: the workflow engine commits step progress in its own
        // transactions, and a step is retried as a whole by the engine instead.
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsAssembly(typeof(PostgreSqlPersistence).Assembly.GetName().Name));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<NfvManoDbContext>
{
    public NfvManoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NfvManoDbContext>();
        Configure(options);
        return new NfvManoDbContext(options.Options);
    }

    private static void Configure(DbContextOptionsBuilder options) =>
        PostgreSqlPersistence.Configure(options, "Host=localhost;Database=nfvmano_design");
}
