using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NfvMano.Console.Accounts;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.Notifications;
using NfvMano.Lifecycle.NsLcm;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence;
using NfvMano.Persistence.Catalogue;
using NfvMano.Persistence.Console;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>
/// The sample service chain through the console in Chromium: upload its three VNF packages and its NSD, instantiate the
/// NS, follow its live timeline, find the vRouter's pinned CPUs on the NUMA map, scale the firewall, terminate and
/// delete; the admin manages API clients and subscriptions; a viewer sees it all without any action.
/// </summary>
public sealed class NsConsoleTests : IClassFixture<NsConsoleServer>
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMinutes(4);
    private readonly NsConsoleServer _server;

    public NsConsoleTests(NsConsoleServer server) => _server = server;

    [Fact]
    public async Task Operator_UploadsChainInstantiatesNsScalesFirewallTerminates_WithLiveNsTimeline_ViewerCannotAct()
    {
        // A subscription an OSS made over nslcm, for the admin page to list and delete.
        var subscription = await _server.WithAsync<SubscriptionService, SubscriptionEntity>(s =>
            s.CreateAsync(NsLcmNotifications.Api, Tenants.Default, "http://127.0.0.1:9/oss/ns", null, null, CancellationToken.None));

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_server.Address);
        var viewerPassword = "";
        var nsId = Guid.Empty;
        await Pages.RunAsync(browser, page, async () =>
        {
            await Pages.SignInAsync(page, "admin", ConsoleServer.InitialAdminPassword);
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, Pages.AdminPassword);
            await page.GetByTestId("card-ns").WaitForAsync();

            await page.GotoAsync("/admin/accounts");
            await page.GetByTestId("new-user").FillAsync("ns-watcher");
            await page.GetByTestId("new-role").SelectOptionAsync("viewer");
            await page.GetByTestId("add-account").ClickAsync();
            viewerPassword = (await page.GetByTestId("one-time-password").TextContentAsync())!.Trim();

            await ApiClientsAndSubscriptionsAsync(page, subscription);

            // The three VNF packages, one after the other by the drop zone's file input.
            await page.GotoAsync("/catalogue");
            foreach (var sample in new[] { "vrouter", "firewall", "storage" })
            {
                await UploadAsync(page, sample);
            }

            await Assertions.Expect(page.GetByTestId("package-row").GetByTestId("onboarding-state").Filter(new() { HasText = OnboardingStates.Onboarded }))
                .ToHaveCountAsync(3, new() { Timeout = 90_000 });

            // The NSD: onboarded once its VNF packages are there; the readable view shows VNFs, links, SAPs, the VNFFG.
            await page.GotoAsync("/catalogue/nsds");
            await UploadAsync(page, "nsd-service-chain");
            var nsdRow = page.GetByTestId("nsd-row").First;
            await nsdRow.GetByTestId("onboarding-state").Filter(new() { HasText = OnboardingStates.Onboarded }).WaitForAsync(new() { Timeout = 60_000 });
            await Browser.ScreenshotAsync(page, "ns-01-nsd-catalogue");
            await nsdRow.Locator("a").First.ClickAsync();
            await page.GetByTestId("nsd-view").WaitForAsync();
            foreach (var profile in new[] { "vRouter", "vFirewall", "vStorage" })
            {
                await page.Locator($"[data-testid=ns-flavour][data-flavour=standard] [data-testid=ns-vnf][data-profile={profile}]").WaitForAsync();
            }

            await page.Locator("[data-testid=ns-sap][data-sap=sap_access]").First.WaitForAsync();
            StringAssert(await page.Locator("[data-testid=ns-nfp]").First.TextContentAsync(), "vRouter", "vFirewall");
            await page.Locator("[data-testid=ns-aspect]").First.WaitForAsync();

            // Deleting an ENABLED NSD is refused with the catalogue's reason.
            await page.GetByTestId("delete").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Delete" }).ClickAsync();
            StringAssert(await page.GetByTestId("action-error").TextContentAsync(), "ENABLED", "disable it");
            await Browser.ScreenshotAsync(page, "ns-02-nsd-view");

            // Disabling takes the NSD out of what new NS instances can use; enabling brings it back.
            await page.GetByTestId("disable").ClickAsync();
            await page.GetByTestId("operational-state").Filter(new() { HasText = "DISABLED" }).WaitForAsync();
            await page.GotoAsync("/ns");
            await page.GetByTestId("ns-create-form").WaitForAsync();
            Assert.Equal(1, await page.Locator("[data-testid=ns-create-nsd] option").CountAsync());
            await page.GoBackAsync();
            await page.GetByTestId("enable").ClickAsync();
            await page.GetByTestId("operational-state").Filter(new() { HasText = "ENABLED" }).WaitForAsync();
            await page.GotoAsync("/ns");
            await Assertions.Expect(page.Locator("[data-testid=ns-create-nsd] option")).ToHaveCountAsync(2);

            // An NSD whose VNFFG names a VNF it does not have: onboarding fails, each problem listed with file and YAML path.
            await page.GotoAsync("/catalogue/nsds");
            await UploadAsync(page, "broken/vnffg-unknown-constituent");
            var problems = page.GetByTestId("nsd-problems");
            await problems.WaitForAsync(new() { Timeout = 60_000 });
            await problems.Locator("summary").ClickAsync();
            StringAssert(await problems.TextContentAsync(),
                "Definitions/service_chain.nsd.yaml: topology_template.groups.vnffg_web.properties.constituent_vnfs", "constituent VNF 'vProbe' is not a VNF node template");
            // It goes back to CREATED (content can be uploaded again), as the NSD API says.
            await Assertions.Expect(problems.Locator("xpath=ancestor::tr[1]/preceding-sibling::tr[1]").GetByTestId("onboarding-state")).ToHaveTextAsync(OnboardingStates.Created);
            await Browser.ScreenshotAsync(page, "ns-02-nsd-problems");

            // Create the NS from the keyboard: the form submits with Enter.
            await page.GotoAsync("/ns");
            await page.GetByTestId("ns-create-nsd").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByTestId("ns-create-name").FocusAsync();
            await page.Keyboard.TypeAsync("chain-console");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("web chain from the console");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/ns/*");
            nsId = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);

            // Instantiate with a form: flavour, level, a VNF name and a SAP name; the timeline is pushed, no reload.
            await page.GetByTestId("ns-instantiate-flavour").SelectOptionAsync("standard");
            await page.Locator("[data-testid=ns-vnf-name][data-profile=vRouter]").FillAsync("edge-router");
            await page.Locator("[data-testid=ns-sap-name][data-sap=sap_access]").FillAsync("subscribers");
            await Browser.ScreenshotAsync(page, "ns-03-instantiate-form");
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
            // Every render the circuit pushes is seen, not only the ones a query happens to meet: the NS may take less
            // than a second, a Playwright round trip on a loaded machine a good part of one.
            await page.EvaluateAsync("""
                () => {
                    window.sawStepToRun = false;
                    const look = () => window.sawStepToRun ||= !!document.querySelector(
                        '[data-testid=step][data-state=Running], [data-testid=step][data-state=Pending]');
                    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
                }
                """);
            await page.GetByTestId("ns-instantiate").ClickAsync();
            await page.Locator("[data-testid=timeline][data-operation=INSTANTIATE]").WaitForAsync();
            await WaitForOperationAsync(page, "INSTANTIATE");
            var sawRunning = await page.EvaluateAsync<bool>("() => window.sawStepToRun");
            Assert.Equal(0, navigations);
            Assert.True(sawRunning, "the timeline showed steps still to run before COMPLETED");
            var steps = await page.GetByTestId("step").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.step)");
            foreach (var expected in new[] { "vnf:vRouter:0", "vnf:vFirewall:0", "vnf:vStorage:0", "finalise" })
            {
                Assert.Contains(expected, steps);
            }

            Assert.All(await page.GetByTestId("step").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.state)"), s => Assert.Equal("Done", s));
            Assert.Equal(0, await page.Locator("[data-testid^=op-]").CountAsync());
            // Each step names the VNF instance it made, with a link to it.
            await page.Locator("[data-testid=step][data-step='vnf:vRouter:0'] a[data-testid=step-target]").Filter(new() { HasText = "vRouter — edge-router" }).WaitForAsync();
            await page.GetByTestId("ns-state").Filter(new() { HasText = NsLcmStates.Instantiated }).WaitForAsync();
            await page.Locator("[data-testid=ns-vnf-row]").Nth(2).WaitForAsync();
            await page.GetByTestId("ns-topology").WaitForAsync();
            await Browser.ScreenshotAsync(page, "ns-04-ns-instantiated");

            // The vRouter's pinned CPUs, as the VNFM recorded them, on its host's NUMA map.
            var routerId = Guid.Parse((await page.Locator("[data-testid=ns-vnf-row][data-profile=vRouter]").GetAttributeAsync("data-vnf-id"))!);
            var router = await InstanceAsync(routerId);
            Assert.Equal("edge-router", router.Name);
            var routerState = InstantiatedVnf.Parse(router.InstantiatedJson)!;
            var pinnedVnfc = routerState.Vnfcs.First(v => v.Assignment.Cells.Any(c => c.PinnedCpus.Any()));
            var pinned = pinnedVnfc.Assignment.Cells.SelectMany(c => c.PinnedCpus).Order().ToList();
            Assert.NotEmpty(routerState.Vnfcs.SelectMany(v => v.Assignment.Vfs));
            await page.GotoAsync("/hosts");
            var onMap = page.Locator($"[data-testid=host][data-host='{pinnedVnfc.Host}'] [data-testid=cpu][data-vnfc='{pinnedVnfc.Id}']");
            await onMap.First.WaitForAsync();
            // The vRouter's data plane isolates its threads: the SMT siblings it keeps idle are its CPUs on the map too.
            var held = pinnedVnfc.Assignment.Cells.SelectMany(c => c.PinnedCpus.Concat(c.ReservedCpus)).Order().ToList();
            Assert.Equal(held, (await onMap.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.cpu)")).Select(int.Parse).Order().ToList());
            await Browser.ScreenshotAsync(page, "ns-05-hosts-numa-map");

            // Scale the firewall out by one step of its own aspect (SCALE_VNF).
            await page.GotoAsync($"/ns/{nsId}");
            var firewallId = (await page.Locator("[data-testid=ns-vnf-row][data-profile=vFirewall]").GetAttributeAsync("data-vnf-id"))!;
            var before = InstantiatedVnf.Parse((await InstanceAsync(Guid.Parse(firewallId))).InstantiatedJson)!.Vnfcs.Count;
            await page.GetByTestId("ns-scale-type").SelectOptionAsync("SCALE_VNF");
            await page.GetByTestId("ns-scale-vnf").SelectOptionAsync(firewallId);
            await page.GetByTestId("ns-scale-aspect").SelectOptionAsync("fw_capacity");
            await page.GetByTestId("ns-scale-direction").SelectOptionAsync("SCALE_OUT");
            await page.GetByTestId("ns-scale").ClickAsync();
            await WaitForOperationAsync(page, "SCALE");
            Assert.Equal($"/instances/{firewallId}", await page.Locator($"[data-testid=step][data-step='scale:{firewallId}'] a[data-testid=step-target]").GetAttributeAsync("href"));
            Assert.Equal(before + 1, InstantiatedVnf.Parse((await InstanceAsync(Guid.Parse(firewallId))).InstantiatedJson)!.Vnfcs.Count);
            await Assertions.Expect(page.Locator("[data-testid=ns-vnf-row][data-profile=vFirewall] [data-testid=ns-vnf-vnfcs]")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Browser.ScreenshotAsync(page, "ns-06-firewall-scaled");

            // A second chain at ns_large wants three firewall engines on distinct hosts, but cell 0 of the two hosts that
            // run the first chain's engines has no 2 MiB pages left: the NS operation stops FAILED_TEMP with the VNF's
            // cause and offers the decisions that state allows; rolling back removes what it made.
            await page.GotoAsync("/ns");
            await page.GetByTestId("ns-create-nsd").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByTestId("ns-create-name").FillAsync("chain-too-big");
            await page.GetByTestId("ns-create").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/ns/", StringComparison.Ordinal) && !url.Contains(nsId.ToString(), StringComparison.Ordinal));
            var bigId = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
            await page.GetByTestId("ns-instantiate-level").SelectOptionAsync("ns_large");
            await page.GetByTestId("ns-instantiate").ClickAsync();
            await WaitForOperationAsync(page, "INSTANTIATE", "FAILED_TEMP");
            StringAssert(await page.GetByTestId("operation-error").TextContentAsync(), "vFirewall", "grant rejected by placement");
            // The failed steps name the VNF instance each was making.
            // (which engines find no host depends on the order their grants are decided in)
            await Assertions.Expect(page.Locator("[data-testid=step][data-state=Failed] [data-testid=step-target]").First).ToHaveTextAsync(new Regex("^vFirewall — vFirewall-[0-2]$"));
            foreach (var control in new[] { "op-retry", "op-continue", "op-rollback", "op-fail" })
            {
                Assert.True(await page.GetByTestId(control).IsVisibleAsync(), control + " is offered for FAILED_TEMP");
            }

            Assert.Equal(0, await page.GetByTestId("op-cancel").CountAsync());
            Assert.Equal(0, await page.GetByTestId("ns-actions").CountAsync());
            await Browser.ScreenshotAsync(page, "ns-07-ns-failed");
            await page.GetByTestId("op-rollback").ClickAsync();
            await WaitForOperationAsync(page, "INSTANTIATE", "ROLLED_BACK");
            Assert.Equal(0, await page.Locator("[data-testid^=op-]").CountAsync());
            await page.GetByTestId("ns-delete").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Delete" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/ns", StringComparison.Ordinal));
            Assert.Equal(3, await _server.WithAsync<NfvManoDbContext, int>(db => db.VnfInstances.CountAsync()));
            Assert.False(await _server.WithAsync<NfvManoDbContext, bool>(db => db.NsInstances.AnyAsync(n => n.Id == bigId)));

            // SCALE_NS by the chain's aspect: one more firewall VNF; then heal every VNF of the NS.
            await page.GotoAsync($"/ns/{nsId}");
            await page.GetByTestId("ns-scale-type").SelectOptionAsync("SCALE_NS");
            await page.GetByTestId("ns-scale-aspect").SelectOptionAsync("inspection");
            await page.GetByTestId("ns-scale-direction").SelectOptionAsync("SCALE_OUT");
            await page.GetByTestId("ns-scale").ClickAsync();
            await WaitForOperationAsync(page, "SCALE");
            await page.GetByTestId("ns-scale-levels").Filter(new() { HasText = "inspection = 1" }).WaitForAsync();
            await Assertions.Expect(page.Locator("[data-testid=ns-vnf-row][data-profile=vFirewall]")).ToHaveCountAsync(2);
            await page.GetByTestId("ns-heal").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Heal" }).ClickAsync();
            await WaitForOperationAsync(page, "HEAL");
            Assert.Equal(4, await page.Locator("[data-testid=timeline][data-operation=HEAL] [data-testid=step]").CountAsync());

            // The dashboard counts the NS and its operations.
            await page.GotoAsync("/");
            await page.GetByTestId("ns-by-state").Filter(new() { HasText = "1 instantiated" }).WaitForAsync();
            Assert.Equal("2 NSDs", (await page.GetByTestId("nsd-count").TextContentAsync())!.Trim());
            Assert.Equal("0 NS, 0 VNF", (await page.GetByTestId("running-split").TextContentAsync())!.Trim());
            Assert.Equal("0", (await page.GetByTestId("card-running").Locator("h3").TextContentAsync())!.Trim());
            await Browser.ScreenshotAsync(page, "ns-08-dashboard");

            // Terminate, confirmed in a dialog.
            await page.GotoAsync($"/ns/{nsId}");
            await page.GetByTestId("ns-terminate").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Terminate" }).ClickAsync();
            await WaitForOperationAsync(page, "TERMINATE");
            await page.GetByTestId("ns-state").Filter(new() { HasText = NsLcmStates.NotInstantiated }).WaitForAsync();
            // The VNFs are gone, the steps that removed them still say which they were.
            await page.Locator("[data-testid=step] [data-testid=step-target]").Filter(new() { HasText = "vRouter — edge-router (removed)" }).WaitForAsync();
            Assert.Equal(0, await _server.WithAsync<NfvManoDbContext, int>(db => db.VnfInstances.CountAsync()));
            await Browser.ScreenshotAsync(page, "ns-09-ns-terminated");
        });

        // A viewer sees the NS, its timeline and the NSD without a single action.
        var viewer = await browser.NewPageAsync(_server.Address);
        await Pages.RunAsync(browser, viewer, async () =>
        {
            await Pages.SignInAsync(viewer, "ns-watcher", viewerPassword);
            await viewer.WaitForURLAsync("**/account/password");
            await Pages.ChangePasswordAsync(viewer, viewerPassword, "only-looking-at-chains-42");
            await viewer.GetByTestId("card-ns").WaitForAsync();

            await viewer.GotoAsync($"/ns/{nsId}");
            await viewer.GetByTestId("timeline").WaitForAsync();
            await viewer.GetByTestId("ns-topology").WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("ns-actions").CountAsync());
            Assert.Equal(0, await viewer.Locator("[data-testid^=op-]").CountAsync());
            await Browser.ScreenshotAsync(viewer, "ns-10-viewer-ns");
            await viewer.GotoAsync("/ns");
            await viewer.GetByTestId("ns-row").First.WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("ns-create-form").CountAsync());
            await viewer.GotoAsync("/catalogue/nsds");
            await viewer.GetByTestId("nsd-row").First.WaitForAsync();
            Assert.Equal(0, await viewer.Locator("input[type=file]").CountAsync());
            await viewer.GetByTestId("nsd-row").First.Locator("a").First.ClickAsync();
            await viewer.GetByTestId("nsd-view").WaitForAsync();
            foreach (var action in new[] { "enable", "disable", "delete" })
            {
                Assert.Equal(0, await viewer.GetByTestId(action).CountAsync());
            }

            await viewer.GotoAsync("/admin/api");
            await viewer.GetByTestId("admin-error").WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("clients-table").CountAsync());
            Assert.Equal(0, await viewer.Locator("a[href='/admin/api']").CountAsync());
        });

        // What the pages ask before any change: the viewer's account holds neither right.
        var watcher = await _server.WithAsync<NfvManoDbContext, OperatorAccountEntity>(db => db.OperatorAccounts.SingleAsync(a => a.UserName == "ns-watcher"));
        foreach (var role in new[] { ConsoleRoles.Operator, ConsoleRoles.Admin })
        {
            await Assert.ThrowsAsync<ConsoleAccountException>(() =>
                _server.WithAsync<OperatorAccounts, OperatorAccountEntity>(a => a.RequireAsync(watcher.Id, role, CancellationToken.None)));
        }

        // Finally the operator deletes the terminated NS.
        await Pages.RunAsync(browser, page, async () =>
        {
            await page.GotoAsync($"/ns/{nsId}");
            await page.GetByTestId("ns-delete").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Delete" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/ns", StringComparison.Ordinal));
            await page.GetByTestId("ns-table").WaitForAsync();
            Assert.Equal(0, await page.GetByTestId("ns-row").CountAsync());
        });
    }

    private static async Task ApiClientsAndSubscriptionsAsync(IPage page, SubscriptionEntity subscription)
    {
        await page.GotoAsync("/");
        await page.Locator("a[href='/admin/audit']").WaitForAsync();
        await page.Locator("a[href='/admin/api']").ClickAsync();
        await page.GetByTestId("clients-table").WaitForAsync();

        await page.GetByTestId("client-id").FillAsync("oss-console");
        await page.GetByTestId("client-scopes").FillAsync("nslcm:read nslcm:write");
        await page.GetByTestId("register-client").ClickAsync();
        var secret = (await page.GetByTestId("client-secret").TextContentAsync())!.Trim();
        Assert.True(secret.Length >= 40, $"a generated secret of 32 random bytes is shown once, not '{secret}'");
        var row = page.Locator("[data-testid=client][data-client=oss-console]");
        await row.WaitForAsync();
        StringAssert(await row.TextContentAsync(), "nslcm:read", "nslcm:write", Tenants.Default);

        // A new secret replaces the old; the page shows it once and not again after a reload.
        await row.GetByTestId("rotate-secret").ClickAsync();
        await page.Locator(".mud-dialog button").Filter(new() { HasText = "New secret" }).ClickAsync();
        await page.GetByTestId("client-secret").Filter(new() { HasNotText = secret }).WaitForAsync();
        Assert.NotEqual(secret, (await page.GetByTestId("client-secret").TextContentAsync())!.Trim());

        var subscriptionRow = page.Locator($"[data-testid=subscription][data-subscription='{subscription.Id}']");
        await subscriptionRow.WaitForAsync();
        StringAssert(await subscriptionRow.TextContentAsync(), "/nslcm/v1/subscriptions", "http://127.0.0.1:9/oss/ns");
        await Browser.ScreenshotAsync(page, "ns-00-api-clients");
        await subscriptionRow.GetByTestId("delete-subscription").ClickAsync();
        await page.Locator(".mud-dialog button").Filter(new() { HasText = "Delete" }).ClickAsync();
        await subscriptionRow.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.ReloadAsync();
        await page.GetByTestId("clients-table").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("client-secret").CountAsync());
    }

    // The drop zone's input takes files once MudBlazor has wired it after the first render; a file set a moment
    // before is not seen, so it is set again. After each upload MudBlazor hides the used input and adds a fresh one.
    private static async Task UploadAsync(IPage page, string sample)
    {
        var file = Path.GetFileName(sample) + ".zip";
        var done = page.GetByTestId("upload-progress").Filter(new() { HasTextRegex = new Regex($"{Regex.Escape(file)}: 100 % .* uploaded") });
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("input[type=file]:not(.d-none)").SetInputFilesAsync(Samples.ZipFile(sample));
            try
            {
                await done.WaitForAsync(new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                if (await page.GetByTestId("upload-progress").Filter(new() { HasText = file }).CountAsync() > 0)
                {
                    throw; // taken, but it did not finish
                }
            }
        }
    }

    private static async Task WaitForOperationAsync(IPage page, string operation, string expected = "COMPLETED")
    {
        var timeline = page.Locator($"[data-testid=timeline][data-operation={operation}]");
        var pattern = expected == "COMPLETED" ? "COMPLETED|FAILED|ROLLED_BACK" : $"^\\s*{expected}\\s*$";
        var final = timeline.GetByTestId("operation-state").Filter(new() { HasTextRegex = new Regex(pattern) });
        await final.WaitForAsync(new() { Timeout = (float)OperationTimeout.TotalMilliseconds });
        var reached = (await final.TextContentAsync())!.Trim();
        var error = await page.GetByTestId("operation-error").CountAsync() > 0 ? await page.GetByTestId("operation-error").TextContentAsync() : "";
        Assert.True(reached == expected, $"{operation} ended {reached}, not {expected}: {error}");
    }

    private static void StringAssert(string? text, params string[] parts)
    {
        Assert.NotNull(text);
        foreach (var part in parts)
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }

    private Task<VnfInstanceEntity> InstanceAsync(Guid id) =>
        _server.WithAsync<VnfLcmService, VnfInstanceEntity>(s => s.GetAsync(Tenants.Default, id, CancellationToken.None));
}
