using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NfvMano.Console.Accounts;
using NfvMano.Lifecycle.Catalogue;
using NfvMano.Lifecycle.VnfLcm;
using NfvMano.Persistence.VnfLcm;
using NfvMano.Testing;

namespace NfvMano.Console.Tests;

/// <summary>
/// An operator's day in Chromium against the real server and its embedded VIM: onboard the sample firewall, instantiate
/// its <c>standard</c> flavour (dedicated, pinned CPUs), follow the live timeline, find the pinned CPUs on the NUMA map,
/// scale, terminate; then a viewer sees everything and can change nothing.
/// </summary>
public sealed class ConsoleLifecycleTests : IClassFixture<ConsoleServer>
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMinutes(3);
    private readonly ConsoleServer _server;

    public ConsoleLifecycleTests(ConsoleServer server) => _server = server;

    [Fact]
    public async Task Operator_OnboardsInstantiatesScalesTerminates_WithLiveTimelineAndPinnedCpusOnTheNumaMap_ViewerCannotAct()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_server.Address);
        string viewerPassword = "";
        Guid instanceId = Guid.Empty;
        await Pages.RunAsync(browser, page, async () =>
        {
            await Pages.SignInAsync(page, "admin", ConsoleServer.InitialAdminPassword);
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, Pages.AdminPassword);
            await page.GetByTestId("card-packages").WaitForAsync();

            // The admin adds a viewer; its one-time password is shown once.
            await page.GotoAsync("/admin/accounts");
            await page.GetByTestId("new-user").FillAsync("watcher");
            await page.GetByTestId("new-role").SelectOptionAsync("viewer");
            await page.GetByTestId("add-account").ClickAsync();
            viewerPassword = (await page.GetByTestId("one-time-password").TextContentAsync())!.Trim();
            Assert.Equal(20, viewerPassword.Length);
            await page.Locator("[data-testid=account][data-user=watcher]").WaitForAsync();
            await Browser.ScreenshotAsync(page, "03-accounts");

            // Upload by the drop zone's file input; onboarding state is pushed until ONBOARDED.
            await page.GotoAsync("/catalogue");
            await page.Locator("input[type=file]").SetInputFilesAsync(Samples.ZipFile("firewall"));
            await page.GetByTestId("upload-progress").Filter(new() { HasText = "uploaded" }).WaitForAsync();
            var row = page.GetByTestId("package-row").First;
            await row.GetByTestId("onboarding-state").Filter(new() { HasText = OnboardingStates.Onboarded }).WaitForAsync(new() { Timeout = 60_000 });
            await Browser.ScreenshotAsync(page, "04-catalogue");

            await row.Locator("a").First.ClickAsync();
            await page.GetByTestId("vnfd-view").WaitForAsync();
            await page.Locator("[data-testid=flavour][data-flavour=standard] [data-testid=aspect][data-aspect=fw_capacity]").WaitForAsync();
            Assert.Equal("Dedicated", (await page.Locator("[data-testid=flavour][data-flavour=standard] [data-testid=vdu] [data-testid=cpu-policy]").First.TextContentAsync())!.Trim());
            await Browser.ScreenshotAsync(page, "05-package-vnfd");

            // Create and instantiate the standard flavour; the timeline is pushed by the circuit, the page never reloads.
            await page.GotoAsync("/instances");
            await page.GetByTestId("create-vnfd").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByTestId("create-name").FillAsync("fw-console");
            await page.GetByTestId("create").ClickAsync();
            await page.WaitForURLAsync("**/instances/*");
            instanceId = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
            await page.GetByTestId("instantiate-flavour").SelectOptionAsync("standard");
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
            await page.GetByTestId("instantiate").ClickAsync();
            await WaitForOperationAsync(page, "INSTANTIATE");
            Assert.Equal(0, navigations);
            var steps = page.GetByTestId("step");
            Assert.True(await steps.CountAsync() >= 4, "the INSTANTIATE timeline shows its steps (grant, networks, VNFCs, finalise)");
            Assert.All(await steps.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.state)"), state => Assert.Equal("Done", state));
            await page.GetByTestId("instantiation-state").Filter(new() { HasText = VnfLcmStates.Instantiated }).WaitForAsync();
            await Browser.ScreenshotAsync(page, "06-instance-instantiated");

            // The VNFC's pinned CPUs, as the VNFM recorded them, appear on the page and on the host's NUMA map.
            var state = await StateAsync(instanceId);
            Assert.Equal("standard", state.FlavourId);
            var vnfc = Assert.Single(state.Vnfcs);
            var pinned = vnfc.Assignment.Cells.SelectMany(c => c.PinnedCpus).Order().ToList();
            Assert.NotEmpty(pinned);
            Assert.Equal(string.Join(",", vnfc.Assignment.Cells.SelectMany(c => c.PinnedCpus)),
                (await page.Locator($"[data-testid=vnfc][data-vnfc='{vnfc.Id}'] [data-testid=vnfc-pinned]").TextContentAsync())!.Trim());

            await page.GotoAsync("/hosts");
            var onMap = page.Locator($"[data-testid=host][data-host='{vnfc.Host}'] [data-testid=cpu][data-vnfc='{vnfc.Id}']");
            await onMap.First.WaitForAsync();
            var mapCpus = (await onMap.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.cpu)")).Select(int.Parse).Order().ToList();
            Assert.Equal(pinned, mapCpus);
            var hostCell = vnfc.Assignment.Cells[0].HostCell;
            Assert.Equal(pinned.Count, await page.Locator($"[data-testid=host][data-host='{vnfc.Host}'] [data-testid=cell][data-cell='{hostCell}'] [data-testid=cpu][data-vnfc='{vnfc.Id}']").CountAsync());
            // The host's own CPUs, which placement never hands out, are on the map too.
            Assert.True(await page.Locator($"[data-testid=host][data-host='{vnfc.Host}'] [data-testid=cpu][data-kind=host]").CountAsync() > 0, "the map shows the CPUs kept for the host");
            await Browser.ScreenshotAsync(page, "07-hosts-numa-map");

            // Selecting a pinned CPU leads to the VNFC's instance.
            await onMap.First.ClickAsync();
            // The click navigates from the server side (NavigateTo over the circuit); polling the URL does not
            // depend on seeing that navigation's event, which a wait for navigation once missed in CI.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/instances/{instanceId}(#|$)"), new() { Timeout = 30_000 });
            await page.GetByTestId("scale").WaitForAsync();

            // Scale out by one step of fw_capacity: a second engine.
            await page.GetByTestId("scale-aspect").SelectOptionAsync("fw_capacity");
            await page.GetByTestId("scale-type").SelectOptionAsync("SCALE_OUT");
            await page.GetByTestId("scale").ClickAsync();
            await WaitForOperationAsync(page, "SCALE");
            Assert.Equal(2, (await StateAsync(instanceId)).Vnfcs.Count);
            await page.Locator("[data-testid=vnfc]").Nth(1).WaitForAsync();
            Assert.Contains("fw_capacity = 1", await page.GetByTestId("scale-levels").TextContentAsync(), StringComparison.Ordinal);
            await Browser.ScreenshotAsync(page, "08-instance-scaled");

            // Heal (confirmed) re-creates the engines; stopping them changes the VNF state.
            await page.GetByTestId("heal").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Heal" }).ClickAsync();
            await WaitForOperationAsync(page, "HEAL");
            await page.GetByTestId("stop").ClickAsync();
            await WaitForOperationAsync(page, "OPERATE");
            await page.GetByTestId("vnf-state").Filter(new() { HasText = "STOPPED" }).WaitForAsync();
            await page.GetByTestId("start").WaitForAsync();

            // The dashboard counts what runs and where.
            await page.GotoAsync("/");
            await page.GetByTestId("card-instances").Filter(new() { HasText = "1 instantiated" }).WaitForAsync();
            Assert.Equal("0", (await page.GetByTestId("card-running").Locator("h3").TextContentAsync())!.Trim());

            // A second firewall at level "large" (three engines on distinct hosts) cannot get its grant: cell 0 of the
            // two busy hosts has no 2 MiB pages left. The failure shows its cause and the decisions the state allows.
            await page.GotoAsync("/instances");
            await page.GetByTestId("create-vnfd").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByTestId("create-name").FillAsync("fw-too-big");
            await page.GetByTestId("create").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/instances/", StringComparison.Ordinal) && !url.Contains(instanceId.ToString(), StringComparison.Ordinal));
            await page.GetByTestId("instantiate-flavour").SelectOptionAsync("standard");
            await page.GetByTestId("instantiate-level").SelectOptionAsync("large");
            await page.GetByTestId("instantiate").ClickAsync();
            await WaitForOperationAsync(page, "INSTANTIATE", "FAILED_TEMP");
            Assert.Contains("Grant rejected", await page.GetByTestId("operation-error").TextContentAsync(), StringComparison.Ordinal);
            await page.Locator("[data-testid=step][data-step=grant][data-state=Failed]").WaitForAsync();
            foreach (var control in new[] { "op-retry", "op-rollback", "op-fail" })
            {
                Assert.True(await page.GetByTestId(control).IsVisibleAsync(), control + " is offered for FAILED_TEMP");
            }

            Assert.Equal(0, await page.GetByTestId("op-cancel").CountAsync());
            await Browser.ScreenshotAsync(page, "09-instance-failed");
            await page.GetByTestId("op-rollback").ClickAsync();
            await WaitForOperationAsync(page, "INSTANTIATE", "ROLLED_BACK");
            await page.GetByTestId("instantiate").WaitForAsync();

            // Terminate the first, confirmed in a dialog.
            await page.GotoAsync($"/instances/{instanceId}");
            await page.GetByTestId("terminate").ClickAsync();
            await page.Locator(".mud-dialog button").Filter(new() { HasText = "Terminate" }).ClickAsync();
            await WaitForOperationAsync(page, "TERMINATE");
            await page.GetByTestId("instantiation-state").Filter(new() { HasText = VnfLcmStates.NotInstantiated }).WaitForAsync();
            Assert.Equal(VnfLcmStates.NotInstantiated, (await InstanceAsync(instanceId)).InstantiationState);
            await Browser.ScreenshotAsync(page, "10-instance-terminated");
        });

        // A viewer sees the same pages without any action, and the server refuses its changes anyway.
        var viewer = await browser.NewPageAsync(_server.Address);
        await Pages.RunAsync(browser, viewer, async () =>
        {
            await Pages.SignInAsync(viewer, "watcher", viewerPassword);
            await viewer.WaitForURLAsync("**/account/password");
            await Pages.ChangePasswordAsync(viewer, viewerPassword, "just-looking-around-42");
            await viewer.GetByTestId("card-packages").WaitForAsync();
            Assert.Equal("viewer", (await viewer.GetByTestId("role").TextContentAsync())!.Trim());

            await viewer.GotoAsync("/catalogue");
            await viewer.GetByTestId("package-row").First.WaitForAsync();
            Assert.Equal(0, await viewer.Locator("input[type=file]").CountAsync());
            await viewer.GetByTestId("package-row").First.Locator("a").First.ClickAsync();
            await viewer.GetByTestId("vnfd-view").WaitForAsync();
            foreach (var action in new[] { "enable", "disable", "delete" })
            {
                Assert.Equal(0, await viewer.GetByTestId(action).CountAsync());
            }

            await viewer.GotoAsync($"/instances/{instanceId}");
            await viewer.GetByTestId("timeline").WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("actions").CountAsync());
            Assert.Equal(0, await viewer.Locator("[data-testid^=op-]").CountAsync());
            await viewer.GotoAsync("/instances");
            await viewer.GetByTestId("instances-table").WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("create-form").CountAsync());
            await Browser.ScreenshotAsync(viewer, "11-viewer-instances");
            await viewer.GotoAsync("/admin/accounts");
            await viewer.GetByTestId("accounts-error").WaitForAsync();
            Assert.Equal(0, await viewer.GetByTestId("accounts-table").CountAsync());
        });

        var watcher = await _server.WithAsync<Persistence.NfvManoDbContext, Persistence.Console.OperatorAccountEntity>(
            db => Task.FromResult(db.OperatorAccounts.Single(a => a.UserName == "watcher")));
        var refused = await Assert.ThrowsAsync<ConsoleAccountException>(() =>
            _server.WithAsync<OperatorAccounts, Persistence.Console.OperatorAccountEntity>(a => a.RequireAsync(watcher.Id, ConsoleRoles.Operator, CancellationToken.None)));
        Assert.Contains("needs the operator role", refused.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForOperationAsync(IPage page, string operation, string expected = "COMPLETED")
    {
        // The timeline follows the newest operation; older ones ended before this one started.
        var timeline = page.Locator($"[data-testid=timeline][data-operation={operation}]");
        // Wait for any final state (so a failure reports at once) or, for a decision taken on a failed operation, for the
        // state it leads to.
        var pattern = expected == "COMPLETED" ? "COMPLETED|FAILED|ROLLED_BACK" : $"^\\s*{expected}\\s*$";
        var final = timeline.GetByTestId("operation-state").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(pattern) });
        await final.WaitForAsync(new() { Timeout = (float)OperationTimeout.TotalMilliseconds });
        var reached = (await final.TextContentAsync())!.Trim();
        var error = await page.GetByTestId("operation-error").CountAsync() > 0 ? await page.GetByTestId("operation-error").TextContentAsync() : "";
        Assert.True(reached == expected, $"{operation} ended {reached}, not {expected}: {error}");
    }

    private Task<VnfInstanceEntity> InstanceAsync(Guid id) =>
        _server.WithAsync<VnfLcmService, VnfInstanceEntity>(s => s.GetAsync(Tenants.Default, id, CancellationToken.None));

    private async Task<InstantiatedVnf> StateAsync(Guid id) =>
        InstantiatedVnf.Parse((await InstanceAsync(id)).InstantiatedJson) ?? throw new InvalidOperationException($"instance {id} holds nothing");
}
