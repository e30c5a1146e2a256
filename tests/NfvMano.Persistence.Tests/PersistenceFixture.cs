using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence.Configuration;
using NfvMano.Persistence.PostgreSql;
using NfvMano.Persistence.Sqlite;
using NfvMano.Testing;

namespace NfvMano.Persistence.Tests;

/// <summary>A migrated database of the run's provider, and contexts on it configured as the server configures them.</summary>
public sealed class PersistenceFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public NfvManoDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<NfvManoDbContext>();
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            SqlitePersistence.Configure(options, Database.ConnectionString);
        }
        else
        {
            PostgreSqlPersistence.Configure(options, Database.ConnectionString);
        }
        return new NfvManoDbContext(options.Options);
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = NewContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
