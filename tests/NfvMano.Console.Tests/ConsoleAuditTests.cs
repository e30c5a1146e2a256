using Microsoft.Playwright;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Persistence.Audit;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>
/// What the console changes is in the audit trail with who, what, when and the outcome — sign-ins that failed,
/// uploads, creations, refusals — and an admin sees every tenant's resources but is offered no change to another
/// tenant's.
/// </summary>
public sealed class ConsoleAuditTests : IClassFixture<ConsoleServer>
{
    private const string OtherTenant = "tenant-elsewhere";
    private readonly ConsoleServer _server;

    public ConsoleAuditTests(ConsoleServer server) => _server = server;

    [Fact]
    public async Task ConsoleActions_AreAudited_WithOutcome_AndAdminSeesOtherTenantsReadOnly()
    {
        var foreignPackage = await _server.WithAsync<VnfPackageCatalogue, Guid>(async c =>
        {
            var package = await c.CreateAsync(OtherTenant, null, CancellationToken.None);
            await using var zip = File.OpenRead(Samples.ZipFile("firewall"));
            await c.UploadContentAsync(OtherTenant, package.Id, zip, "application/zip", CancellationToken.None);
            return package.Id;
        });
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_server.Address);
        Guid package = Guid.Empty, instance = Guid.Empty;
        await Pages.RunAsync(browser, page, async () =>
        {
            // A password typed into the name field must not reach the trail: an unknown name is recorded as such.
            await Pages.SignInAsync(page, "Secret-typed-in-the-wrong-field-1", "whatever");
            await page.GetByTestId("signin-error").WaitForAsync();
            await Pages.SignInAsync(page, "admin", "not-the-admin-password");
            await Pages.SignInAsync(page, "admin", ConsoleServer.InitialAdminPassword);
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, Pages.AdminPassword);
            await page.GetByTestId("card-packages").WaitForAsync();

            // The admin's catalogue lists the other tenant's package with its tenant; its page offers no change.
            await page.GotoAsync("/catalogue");
            var foreignRow = page.Locator($"[data-testid=package-row][data-package-id='{foreignPackage}']");
            await foreignRow.WaitForAsync();
            Assert.Equal(OtherTenant, (await foreignRow.GetByTestId("tenant").TextContentAsync())!.Trim());
            await page.GotoAsync($"/catalogue/{foreignPackage}");
            await page.GetByTestId("foreign-tenant").Filter(new() { HasText = OtherTenant }).WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("delete").CountAsync());
            Assert.Equal(0, await page.GetByTestId("disable").CountAsync());

            // Upload, create an instance, then a refused change: deleting the package the instance uses.
            await page.GotoAsync("/catalogue");
            await page.Locator("input[type=file]").SetInputFilesAsync(Samples.ZipFile("firewall"));
            await page.GetByTestId("upload-progress").Filter(new() { HasText = "uploaded" }).WaitForAsync();
            var own = page.GetByTestId("package-row").Filter(new() { Has = page.GetByTestId("tenant").Filter(new() { HasText = Tenants.Default }) });
            await own.GetByTestId("onboarding-state").Filter(new() { HasText = OnboardingStates.Onboarded }).WaitForAsync(new() { Timeout = 60_000 });
            package = Guid.Parse((await own.GetAttributeAsync("data-package-id"))!);

            await page.GotoAsync("/instances");
            await page.GetByTestId("create-vnfd").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByTestId("create-name").FillAsync("fw-audited");
            await page.GetByTestId("create").ClickAsync();
            await page.WaitForURLAsync("**/instances/*");
            instance = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
            Assert.Equal(0, await page.GetByTestId("foreign-tenant").CountAsync());

            await page.GotoAsync($"/catalogue/{package}");
            await page.GetByTestId("disable").ClickAsync();
            await page.GetByTestId("enable").WaitForAsync();
            await page.GetByTestId("delete").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Delete" }).ClickAsync();
            await page.GetByTestId("action-error").WaitForAsync();
        });

        var console = (await _server.WithAsync<AuditTrail, IReadOnlyList<AuditEntryEntity>>(t => t.SearchAsync(new AuditQuery { From = started, Limit = 1000 }, CancellationToken.None)))
            .Where(e => e.Channel == "console").ToList();
        string Describe() => string.Join("\n", console.Select(e => $"{e.Actor} {e.Method} {e.Route} {e.ResourceId} {e.StatusCode}"));

        Assert.Contains(console, e => e is { Method: "sign-in", Actor: "unknown-user", StatusCode: 401 });
        Assert.DoesNotContain(console, e => e.Actor.Contains("Secret", StringComparison.OrdinalIgnoreCase) || (e.ResourceId ?? "").Contains("Secret", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(console, e => e is { Method: "sign-in", Actor: "admin", StatusCode: 401 });
        Assert.Contains(console, e => e is { Method: "sign-in", Actor: "admin", StatusCode: 200, TenantId: Tenants.Default } && e.RemoteAddress != null);
        Assert.Contains(console, e => e is { Method: "change-password", Actor: "admin", StatusCode: 200 });
        Assert.True(console.Any(e => e is { Method: "upload", Actor: "admin", Route: "/catalogue", StatusCode: 200 } && e.ResourceId == package.ToString()), Describe());
        Assert.True(console.Any(e => e is { Method: "create", Route: "/instances", StatusCode: 200 } && e.ResourceId == instance.ToString()), Describe());
        Assert.True(console.Any(e => e is { Method: "disable", StatusCode: 200 } && e.ResourceId == package.ToString()), Describe());
        // The package is in use: refused as the API refuses it (409), and recorded so.
        Assert.True(console.Any(e => e is { Method: "delete", Actor: "admin", StatusCode: 409 } && e.ResourceId == package.ToString()), Describe());
        Assert.All(console.Where(e => e.Actor == "admin" && e.Method != "sign-in"), e => Assert.Equal(Tenants.Default, e.TenantId));
    }

    [Fact]
    public async Task Prune_DeletesOnlyEntriesOlderThanTheCut()
    {
        var now = DateTimeOffset.UtcNow;
        var marker = "prune-" + Guid.NewGuid().ToString("N")[..8];
        await _server.WithAsync<AuditTrail, int>(async t =>
        {
            await t.RecordConsoleActionAsync(marker, "t", "old", "/x", null, 200, now.AddDays(-400), CancellationToken.None);
            await t.RecordConsoleActionAsync(marker, "t", "recent", "/x", null, 200, now.AddDays(-2), CancellationToken.None);
            return 0;
        });

        var removed = await _server.WithAsync<AuditTrail, int>(t => t.PruneAsync(now.AddDays(-365), CancellationToken.None));

        Assert.True(removed >= 1);
        var left = await _server.WithAsync<AuditTrail, IReadOnlyList<AuditEntryEntity>>(t => t.SearchAsync(new AuditQuery { Actor = marker }, CancellationToken.None));
        Assert.Equal(["recent"], left.Select(e => e.Method));
    }
}
