using Microsoft.EntityFrameworkCore;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Catalogue.Nsds;
using NfvMano.Lifecycle.Catalogue.VnfPackages;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.NsLcm;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>The NS pages: the sample service chain's topology (SAPs, VNFs, virtual links) and its VNFFG path in order.</summary>
public sealed class NsTopologyTests : IClassFixture<ConsoleServer>
{
    private readonly ConsoleServer _server;

    public NsTopologyTests(ConsoleServer server) => _server = server;

    [Fact]
    public async Task NsInstancePage_DrawsSapsVnfsLinksAndTheForwardingPathInHopOrder()
    {
        foreach (var sample in new[] { "vrouter", "firewall", "storage" })
        {
            await _server.WithAsync<VnfPackageCatalogue, Guid>(async c =>
            {
                var package = await c.CreateAsync(Tenants.Default, null, CancellationToken.None);
                await using var zip = File.OpenRead(Samples.ZipFile(sample));
                await c.UploadContentAsync(Tenants.Default, package.Id, zip, "application/zip", CancellationToken.None);
                return package.Id;
            });
        }

        await WaitAsync(db => db.VnfPackages.CountAsync(p => p.OnboardingState == OnboardingStates.Onboarded), 3, "the three VNF packages onboarded");
        await _server.WithAsync<NsdCatalogue, Guid>(async c =>
        {
            var nsd = await c.CreateAsync(Tenants.Default, null, CancellationToken.None);
            await using var zip = File.OpenRead(Samples.ZipFile("nsd-service-chain"));
            await c.UploadContentAsync(Tenants.Default, nsd.Id, zip, "application/zip", CancellationToken.None);
            return nsd.Id;
        });
        await WaitAsync(db => db.NsdInfos.CountAsync(n => n.OnboardingState == OnboardingStates.Onboarded), 1, "the NSD onboarded");
        var nsdId = await _server.WithAsync<NfvManoDbContext, string>(async db => (await db.NsdInfos.SingleAsync()).NsdId!);
        var ns = await _server.WithAsync<NsLcmService, NsInstanceEntity>(s => s.CreateAsync(Tenants.Default, nsdId, "chain", "web chain", CancellationToken.None));

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_server.Address);
        await Pages.RunAsync(browser, page, async () =>
        {
            await Pages.SignInAsync(page, "admin", ConsoleServer.InitialAdminPassword);
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, Pages.AdminPassword);
            await page.GetByTestId("card-packages").WaitForAsync();

            await page.GotoAsync("/ns");
            await page.GetByTestId("ns-row").Locator("a").ClickAsync();
            await page.WaitForURLAsync($"**/ns/{ns.Id}");
            await page.GetByTestId("ns-topology").WaitForAsync();
            foreach (var (kind, node) in new[] { ("sap", "sap_access"), ("sap", "sap_core"), ("vnf", "vRouter"), ("vnf", "vFirewall"), ("vnf", "vStorage"), ("vl", "vl_access") })
            {
                Assert.Equal(1, await page.Locator($"[data-testid=ns-node][data-kind={kind}][data-node={node}]").CountAsync());
            }

            Assert.Equal(1, await page.Locator("[data-testid=nfp-path][data-nfp=nfp_web]").CountAsync());
            var hops = (await page.Locator("[data-testid=nfp][data-nfp=nfp_web] [data-testid=hop]").AllTextContentsAsync()).Select(h => h.Trim()).ToList();
            Assert.Equal(4, hops.Count);
            Assert.All(hops.Take(2), h => Assert.StartsWith("vRouter", h, StringComparison.Ordinal));
            Assert.All(hops.Skip(2), h => Assert.StartsWith("vFirewall", h, StringComparison.Ordinal));
            await Browser.ScreenshotAsync(page, "12-ns-topology");
        });
    }

    private async Task WaitAsync(Func<NfvManoDbContext, Task<int>> count, int expected, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await _server.WithAsync(count) == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"not reached in time: {what}");
    }
}
