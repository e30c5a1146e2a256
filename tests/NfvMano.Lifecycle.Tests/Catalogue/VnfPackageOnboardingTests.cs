using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.Notifications;
using Microsoft.Extensions.DependencyInjection;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Catalogue;

public sealed class VnfPackageOnboardingTests
{
    public static TheoryData<string> ValidSamples => [.. Samples.ValidVnfPackages];

    public static TheoryData<string> BrokenSamples => [.. Samples.Broken()];

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public async Task Onboard_ValidSample_IsOnboardedAndEnabledWithVnfdFieldsImagesAndANotification(string sample)
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var id = await harness.OnboardVnfPackageAsync(sample);

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        Assert.Null(package.OnboardingFailureDetailsJson);
        Assert.Equal(OnboardingStates.Onboarded, package.OnboardingState);
        Assert.Equal(OperationalStates.Enabled, package.OperationalState);
        Assert.False(string.IsNullOrEmpty(package.VnfdId));
        Assert.False(string.IsNullOrEmpty(package.VnfProvider));
        Assert.False(string.IsNullOrEmpty(package.VnfProductName));
        Assert.Equal("SHA-256", package.ChecksumAlgorithm);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Samples.Zip(sample))), package.ChecksumHash);
        var images = JsonNode.Parse(package.SoftwareImagesJson!)!.AsArray();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.StartsWith("Files/", i!["imagePath"]!.GetValue<string>(), StringComparison.Ordinal));
        var outbox = await harness.DbAsync(db => db.OutboxMessages.Where(m => m.Type == NotificationType.VnfPackageOnboarding).ToListAsync());
        var notification = Assert.Single(outbox);
        Assert.Contains(id.ToString(), notification.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetVnfd_MultiFilePackage_ZipHoldsEveryDefinitionFileAndSingleFilePackageIsOneFile()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var router = await harness.OnboardVnfPackageAsync("vrouter");
        var storage = await harness.OnboardVnfPackageAsync("storage");

        var routerVnfd = await harness.VnfPackagesAsync(c => c.GetVnfdAsync(Tenants.Default, router, CancellationToken.None));
        var storageVnfd = await harness.VnfPackagesAsync(c => c.GetVnfdAsync(Tenants.Default, storage, CancellationToken.None));

        Assert.False(routerVnfd.IsSingleFile);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(routerVnfd.Zip()));
        Assert.Contains("TOSCA-Metadata/TOSCA.meta", zip.Entries.Select(e => e.FullName));
        Assert.All(routerVnfd.Record.DefinitionFiles, f => Assert.Contains(f, zip.Entries.Select(e => e.FullName)));
        Assert.True(storageVnfd.IsSingleFile);
        Assert.StartsWith("tosca_definitions_version", System.Text.Encoding.UTF8.GetString(storageVnfd.SingleFile()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BrokenSamples))]
    public async Task Onboard_BrokenSample_ReturnsToCreatedWithItsProblemsAndKeepsNothing(string sample)
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var id = await harness.OnboardVnfPackageAsync(sample);

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, package.OnboardingState);
        Assert.Equal(OperationalStates.Disabled, package.OperationalState);
        var failure = JsonNode.Parse(package.OnboardingFailureDetailsJson!)!;
        Assert.Equal(422, failure["status"]!.GetValue<int>());
        Assert.NotEmpty(failure["problems"]!.AsArray());
        Assert.All(failure["problems"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty(p!["message"]!.GetValue<string>())));
        Assert.Null(package.VnfdId);
        Assert.Null(package.SoftwareImagesJson);
        Assert.Null(package.ChecksumHash);
        Assert.False(await harness.DbAsync(db => db.VnfPackageContents.AnyAsync(c => c.PackageId == id)));
        Assert.False(await harness.DbAsync(db => db.OutboxMessages.AnyAsync()));
    }

    [Fact]
    public async Task Onboard_MultipleErrorsSample_RecordsEveryProblemNotOnlyTheFirst()
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var id = await harness.OnboardVnfPackageAsync("broken/multiple-errors");

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        Assert.True(JsonNode.Parse(package.OnboardingFailureDetailsJson!)!["problems"]!.AsArray().Count > 1);
    }

    [Fact]
    public async Task Onboard_AfterAFailure_ANewUploadOfAValidPackageSucceeds()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var id = await harness.OnboardVnfPackageAsync("broken/manifest-digest-mismatch");

        await harness.VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, id, new MemoryStream(Samples.Zip("firewall")), "application/zip", CancellationToken.None);
            return true;
        });
        await harness.OnboardAllAsync();

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Onboarded, package.OnboardingState);
        Assert.Null(package.OnboardingFailureDetailsJson);
    }

    [Fact]
    public async Task Onboard_SameVnfdIdTwiceInATenant_SecondIsRejectedNamingTheFirst()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var first = await harness.OnboardVnfPackageAsync("storage");

        var second = await harness.OnboardVnfPackageAsync("storage");

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, second, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, package.OnboardingState);
        Assert.Contains(first.ToString(), package.OnboardingFailureDetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_NsdUploadedAsVnfPackage_IsRejectedAsNotAVnfPackage()
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var id = await harness.OnboardVnfPackageAsync(Samples.ServiceChainNsd);

        var package = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, package.OnboardingState);
        Assert.Contains("not a VNF", package.OnboardingFailureDetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboarder_PackageLeftInProcessingByAStoppedProcess_IsResumedOnceTheLeaseExpires()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var harness = await CatalogueHarness.CreateAsync(time: time);
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
        await harness.VnfPackagesAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, package.Id, new MemoryStream(Samples.Zip("vrouter")), "application/zip", CancellationToken.None);
            return true;
        });
        // Another process claimed it and died: its lease is still running.
        await harness.DbAsync(async db =>
        {
            var p = await db.VnfPackages.SingleAsync(x => x.Id == package.Id);
            p.WorkLeaseExpiresAt = time.GetUtcNow().AddMinutes(5);
            return await db.SaveChangesAsync();
        });

        var whileLeased = await harness.InScopeAsync(sp => sp.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(6));
        var afterExpiry = await harness.InScopeAsync(sp => sp.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(CancellationToken.None));

        Assert.False(whileLeased);
        Assert.True(afterExpiry);
        var onboarded = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, package.Id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Onboarded, onboarded.OnboardingState);
        Assert.Null(onboarded.WorkLeaseExpiresAt);
    }

    [Fact]
    public async Task Onboarder_UploadInterruptedByAStoppedProcess_GoesBackToCreatedAfterALease()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var harness = await CatalogueHarness.CreateAsync(time: time);
        var package = await harness.VnfPackagesAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
        await harness.DbAsync(async db =>
        {
            var p = await db.VnfPackages.SingleAsync(x => x.Id == package.Id);
            p.OnboardingState = OnboardingStates.Uploading;
            p.UpdatedAt = time.GetUtcNow();
            return await db.SaveChangesAsync();
        });

        var early = await harness.InScopeAsync(sp => sp.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(16));
        var late = await harness.InScopeAsync(sp => sp.GetRequiredService<VnfPackageOnboarder>().RunOnceAsync(CancellationToken.None));

        Assert.False(early);
        Assert.True(late);
        var after = await harness.VnfPackagesAsync(c => c.GetAsync(Tenants.Default, package.Id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, after.OnboardingState);
        Assert.Contains("interrupted", after.OnboardingFailureDetailsJson, StringComparison.Ordinal);
    }
}
