using Microsoft.EntityFrameworkCore;
using NfvMano.Persistence.Packages;

namespace NfvMano.Persistence.Tests;

public sealed class VnfPackageRoundTripTests(PersistenceFixture fixture) : IClassFixture<PersistenceFixture>
{
    private static VnfPackageEntity NewPackage(string tenant = "default", string? vnfdId = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        VnfdId = vnfdId,
        UserDefinedDataJson = """{"owner":"noc"}""",
        CreatedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Migrations_MatchTheModel_NoPendingChanges()
    {
        await using var db = fixture.NewContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration for " + fixture.Database.Provider);
    }

    [Fact]
    public async Task Package_WithContent_RoundTripsEveryField()
    {
        var package = NewPackage(vnfdId: "vrouter-" + Guid.NewGuid());
        package.OnboardingState = "ONBOARDED";
        package.ChecksumAlgorithm = "SHA-256";
        package.ChecksumHash = new string('a', 64);
        await using (var db = fixture.NewContext())
        {
            db.VnfPackages.Add(package);
            db.VnfPackageContents.Add(new VnfPackageContentEntity { PackageId = package.Id, Content = [1, 2, 3, 255] });
            await db.SaveChangesAsync();
        }

        await using var read = fixture.NewContext();
        var stored = await read.VnfPackages.SingleAsync(p => p.Id == package.Id);
        var content = await read.VnfPackageContents.SingleAsync(c => c.PackageId == package.Id);

        Assert.Equal(package.VnfdId, stored.VnfdId);
        Assert.Equal("ONBOARDED", stored.OnboardingState);
        Assert.Equal(package.ChecksumHash, stored.ChecksumHash);
        Assert.Equal(package.CreatedAt, stored.CreatedAt);
        Assert.Equal("""{"owner":"noc"}""", stored.UserDefinedDataJson);
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, content.Content);
    }

    [Fact]
    public async Task Packages_OrderAndFilterByCreationTime_InTheDatabase()
    {
        var tenant = "order-" + Guid.NewGuid();
        await using (var db = fixture.NewContext())
        {
            for (var i = 0; i < 3; i++)
            {
                var p = NewPackage(tenant);
                p.CreatedAt = p.CreatedAt.AddMinutes(-i);
                db.VnfPackages.Add(p);
            }
            await db.SaveChangesAsync();
        }

        await using var read = fixture.NewContext();
        var cutoff = new DateTimeOffset(2026, 11, 23, 9, 59, 30, TimeSpan.Zero);
        var times = await read.VnfPackages.Where(p => p.TenantId == tenant && p.CreatedAt > cutoff.AddMinutes(-1))
            .OrderBy(p => p.CreatedAt).Select(p => p.CreatedAt).ToListAsync();

        Assert.Equal(2, times.Count);
        Assert.True(times[0] < times[1]);
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRejectedAsAConcurrencyConflict()
    {
        var package = NewPackage();
        await using (var db = fixture.NewContext())
        {
            db.VnfPackages.Add(package);
            await db.SaveChangesAsync();
        }
        await using var first = fixture.NewContext();
        await using var second = fixture.NewContext();
        var a = await first.VnfPackages.SingleAsync(p => p.Id == package.Id);
        var b = await second.VnfPackages.SingleAsync(p => p.Id == package.Id);

        a.OperationalState = "ENABLED";
        await first.SaveChangesAsync();
        b.UsageState = "IN_USE";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(1, a.Version);
    }

    [Fact]
    public async Task SameVnfdId_IsUniquePerTenant_ButAllowedAcrossTenants()
    {
        var vnfdId = "fw-" + Guid.NewGuid();
        await using (var db = fixture.NewContext())
        {
            db.VnfPackages.AddRange(NewPackage("tenant-a", vnfdId), NewPackage("tenant-b", vnfdId));
            await db.SaveChangesAsync();
        }

        await using var again = fixture.NewContext();
        again.VnfPackages.Add(NewPackage("tenant-a", vnfdId));
        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }

    [Fact]
    public async Task DeletingAPackage_RemovesItsContent()
    {
        var package = NewPackage();
        await using (var db = fixture.NewContext())
        {
            db.VnfPackages.Add(package);
            db.VnfPackageContents.Add(new VnfPackageContentEntity { PackageId = package.Id, Content = [9] });
            await db.SaveChangesAsync();
        }
        await using (var db = fixture.NewContext())
        {
            await db.VnfPackages.Where(p => p.Id == package.Id).ExecuteDeleteAsync();
        }

        await using var read = fixture.NewContext();
        Assert.False(await read.VnfPackageContents.AnyAsync(c => c.PackageId == package.Id));
    }
}
