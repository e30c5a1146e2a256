using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.Tests.Support;
using NfvMano.Persistence.Catalogue;
using NfvMano.Testing;

namespace NfvMano.Lifecycle.Tests.Catalogue;

public sealed class NsdOnboardingTests
{
    [Fact]
    public async Task Onboard_ServiceChainAfterItsVnfPackages_IsOnboardedNamingThosePackages()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var packages = new List<Guid>();
        foreach (var sample in Samples.VnfPackages)
        {
            packages.Add(await harness.OnboardVnfPackageAsync(sample));
        }

        var nsd = await OnboardNsdAsync(harness, Samples.Zip(Samples.ServiceChainNsd), "application/zip");

        Assert.Null(nsd.OnboardingFailureDetailsJson);
        Assert.Equal(OnboardingStates.Onboarded, nsd.OnboardingState);
        Assert.Equal(OperationalStates.Enabled, nsd.OperationalState);
        Assert.False(string.IsNullOrEmpty(nsd.NsdId));
        var named = JsonSerializer.Deserialize<string[]>(nsd.VnfPkgIdsJson)!;
        Assert.Equal(packages.Select(p => p.ToString()).Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
        Assert.True(await harness.DbAsync(db => db.OutboxMessages.AnyAsync(m => m.Type == NotificationType.NsdOnBoarding)));
    }

    [Fact]
    public async Task Onboard_ServiceChainWithoutItsVnfPackages_ReturnsToCreatedNamingEveryMissingVnfd()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        await harness.OnboardVnfPackageAsync("vrouter");

        var nsd = await OnboardNsdAsync(harness, Samples.Zip(Samples.ServiceChainNsd), "application/zip");

        Assert.Equal(OnboardingStates.Created, nsd.OnboardingState);
        var problems = JsonNode.Parse(nsd.OnboardingFailureDetailsJson!)!["problems"]!.AsArray();
        Assert.Equal(2, problems.Count(p => p!["code"]!.GetValue<string>() == "nsd.vnfd-not-onboarded"));
        Assert.False(await harness.DbAsync(db => db.NsdContents.AnyAsync()));
        Assert.True(await harness.DbAsync(db => db.OutboxMessages.AnyAsync(m => m.Type == NotificationType.NsdOnboardingFailure)));
    }

    [Fact]
    public async Task Onboard_VnfPackageInAnotherTenant_DoesNotCount()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        foreach (var sample in Samples.VnfPackages)
        {
            await harness.OnboardVnfPackageAsync(sample);
        }

        var nsd = await harness.NsdsAsync(c => c.CreateAsync("other-tenant", null, CancellationToken.None));
        await harness.NsdsAsync(async c =>
        {
            await c.UploadContentAsync("other-tenant", nsd.Id, new MemoryStream(Samples.Zip(Samples.ServiceChainNsd)), "application/zip", CancellationToken.None);
            return true;
        });
        await harness.OnboardAllAsync();

        var after = await harness.NsdsAsync(c => c.GetAsync("other-tenant", nsd.Id, CancellationToken.None));
        Assert.Equal(OnboardingStates.Created, after.OnboardingState);
    }

    [Fact]
    public async Task Onboard_BrokenNsd_IsRejectedWithItsProblem()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        foreach (var sample in Samples.VnfPackages)
        {
            await harness.OnboardVnfPackageAsync(sample);
        }

        var nsd = await OnboardNsdAsync(harness, Samples.Zip("broken/nfp-missing-cp"), "application/zip");

        Assert.Equal(OnboardingStates.Created, nsd.OnboardingState);
        Assert.NotEmpty(JsonNode.Parse(nsd.OnboardingFailureDetailsJson!)!["problems"]!.AsArray());
    }

    [Fact]
    public async Task Onboard_VnfPackageUploadedAsNsd_IsRejectedAsNotAnNsd()
    {
        await using var harness = await CatalogueHarness.CreateAsync();

        var nsd = await OnboardNsdAsync(harness, Samples.Zip("storage"), "application/zip");

        Assert.Equal(OnboardingStates.Created, nsd.OnboardingState);
        Assert.Contains("not an NS", nsd.OnboardingFailureDetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboard_PlainYamlUpload_IsReadAsOneYamlFileNotAsAnArchive()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        var yaml = await File.ReadAllBytesAsync(Path.Combine(Samples.Root, "storage", "storage.yaml"));

        var nsd = await OnboardNsdAsync(harness, yaml, "text/plain");

        // Read as the one YAML file it is (problems name it, none is about an archive), and refused.
        Assert.Equal(OnboardingStates.Created, nsd.OnboardingState);
        var problems = JsonNode.Parse(nsd.OnboardingFailureDetailsJson!)!["problems"]!.AsArray();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("nsd.yaml", p!["file"]!.GetValue<string>()));
        Assert.DoesNotContain(problems, p => p!["code"]!.GetValue<string>().StartsWith("csar.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_EnabledNsd_IsAConflictAndDisabledOneIsDeletedWithANotification()
    {
        await using var harness = await CatalogueHarness.CreateAsync();
        foreach (var sample in Samples.VnfPackages)
        {
            await harness.OnboardVnfPackageAsync(sample);
        }

        var nsd = await OnboardNsdAsync(harness, Samples.Zip(Samples.ServiceChainNsd), "application/zip");

        var error = await Assert.ThrowsAsync<CatalogueException>(() => harness.NsdsAsync(async c =>
        {
            await c.DeleteAsync(Tenants.Default, nsd.Id, CancellationToken.None);
            return true;
        }));
        await harness.NsdsAsync(c => c.UpdateAsync(Tenants.Default, nsd.Id, null, OperationalStates.Disabled, null, CancellationToken.None));
        await harness.NsdsAsync(async c =>
        {
            await c.DeleteAsync(Tenants.Default, nsd.Id, CancellationToken.None);
            return true;
        });

        Assert.Equal(CatalogueErrorKind.Conflict, error.Kind);
        Assert.False(await harness.DbAsync(db => db.NsdInfos.AnyAsync()));
        Assert.True(await harness.DbAsync(db => db.OutboxMessages.AnyAsync(m => m.Type == NotificationType.NsdDeletion)));
    }

    internal static async Task<NsdInfoEntity> OnboardNsdAsync(CatalogueHarness harness, byte[] content, string contentType)
    {
        var nsd = await harness.NsdsAsync(c => c.CreateAsync(Tenants.Default, null, CancellationToken.None));
        await harness.NsdsAsync(async c =>
        {
            await c.UploadContentAsync(Tenants.Default, nsd.Id, new MemoryStream(content), contentType, CancellationToken.None);
            return true;
        });
        await harness.OnboardAllAsync();
        return await harness.NsdsAsync(c => c.GetAsync(Tenants.Default, nsd.Id, CancellationToken.None));
    }
}
