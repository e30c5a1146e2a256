using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Catalogue;

public sealed class VnfPackageStateRuleTests
{
    [Fact]
    public async Task Delete_WhileEnabled_IsAConflictAndAfterDisablingSucceeds()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var id = await harness.OnboardVnfPackageAsync("storage");

        var enabled = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(c => Delete(c, id)));
        await harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, id, null, OperationalStates.Disabled, null, CancellationToken.None));
        await harness.VnfPackagesAsync(c => Delete(c, id));

        Assert.Equal(CatalogueErrorKind.Conflict, enabled.Kind);
        Assert.Contains("ENABLED", enabled.Message, StringComparison.Ordinal);
        Assert.False(await harness.DbAsync(db => db.VnfPackages.AnyAsync(p => p.Id == id)));
        Assert.False(await harness.DbAsync(db => db.VnfPackageContents.AnyAsync(p => p.PackageId == id)));
    }

    [Fact]
    public async Task Delete_WhileInUse_IsAConflict()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var id = await harness.OnboardVnfPackageAsync("storage");
        await harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, id, null, OperationalStates.Disabled, null, CancellationToken.None));
        await harness.DbAsync(async db =>
        {
            (await db.VnfPackages.SingleAsync(p => p.Id == id)).UsageState = UsageStates.InUse;
            return await db.SaveChangesAsync();
        });

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(c => Delete(c, id)));

        Assert.Equal(CatalogueErrorKind.Conflict, error.Kind);
        Assert.Contains("IN_USE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhileProcessing_IsAConflict()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
        await harness.VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, package.Id, new MemoryStream(Samples.Zip("storage")), "application/zip", CancellationToken.None);
            return true;
        });

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(c => Delete(c, package.Id)));

        Assert.Equal(CatalogueErrorKind.Conflict, error.Kind);
        Assert.Contains("PROCESSING", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ToAPackageNotInCreated_IsAConflict()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var id = await harness.OnboardVnfPackageAsync("storage");

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, id, new MemoryStream(Samples.Zip("storage")), "application/zip", CancellationToken.None);
            return true;
        }));

        Assert.Equal(CatalogueErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_IsRefusedAndThePackageIsBackInCreated()
    {
        await using var harness = await CatalogueHarness.CreateAsync(new Dictionary<string, string?> { ["NfvMano:Catalogue:MaxContentBytes"] = "2048" });
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, package.Id, new MemoryStream(new byte[4096]), "application/zip", CancellationToken.None);
            return true;
        }));

        Assert.Equal(CatalogueErrorKind.TooLarge, error.Kind);
        var after = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, package.Id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, after.OnboardingState);
        Assert.False(await harness.DbAsync(db => db.VnfPackageContents.AnyAsync()));
    }

    [Fact]
    public async Task Update_WithAStaleVersion_IsRefusedAsStale()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var id = await harness.OnboardVnfPackageAsync("storage");
        var seen = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        await harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, id, seen.Version, null, new JsonObject { ["a"] = 1 }, CancellationToken.None));

        var error = await Assert.ThrowsAsync<CatalogueException>(() =>
            harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, id, seen.Version, OperationalStates.Disabled, null, CancellationToken.None)));

        Assert.Equal(CatalogueErrorKind.Stale, error.Kind);
    }

    [Fact]
    public async Task Update_ToTheCurrentStateOrBeforeOnboarding_IsAConflict()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var onboarded = await harness.OnboardVnfPackageAsync("storage");
        var created = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));

        var same = await Assert.ThrowsAsync<CatalogueException>(() =>
            harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, onboarded, null, OperationalStates.Enabled, null, CancellationToken.None)));
        var early = await Assert.ThrowsAsync<CatalogueException>(() =>
            harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, created.Id, null, OperationalStates.Enabled, null, CancellationToken.None)));

        Assert.Equal(CatalogueErrorKind.Conflict, same.Kind);
        Assert.Equal(CatalogueErrorKind.Conflict, early.Kind);
    }

    [Fact]
    public async Task Update_UserDefinedData_IsMergePatchedAndAStateChangeIsNotified()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, new JsonObject { ["keep"] = "k", ["drop"] = "d", ["nested"] = new JsonObject { ["x"] = 1 } }, CancellationToken.None));

        var updated = await harness.VnfPackagesAsync(c => c.UpdateAsync(Tenants.Default, package.Id, null, null,
            new JsonObject { ["drop"] = null, ["add"] = true, ["nested"] = new JsonObject { ["y"] = 2 } }, CancellationToken.None));

        var data = JsonNode.Parse(updated.UserDefinedDataJson)!;
        Assert.Equal("k", data["keep"]!.GetValue<string>());
        Assert.Null(data["drop"]);
        Assert.True(data["add"]!.GetValue<bool>());
        Assert.Equal(1, data["nested"]!["x"]!.GetValue<int>());
        Assert.Equal(2, data["nested"]!["y"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_PackageOfAnotherTenant_IsNotFound()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync("tenant-a", null, CancellationToken.None));

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.VnfPackagesAsync(c => c.GetAsync("tenant-b", package.Id, CancellationToken.None)));

        Assert.Equal(CatalogueErrorKind.NotFound, error.Kind);
    }

    private static async Task<bool> Delete(NfvMano.Lifecycle.Catalogue.VnfPackages.VnfPackageCatalogue catalogue, Guid id)
    {
        await catalogue.DeleteAsync(Tenants.Default, id, CancellationToken.None);
        return true;
    }
}
