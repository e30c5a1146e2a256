namespace NfvMano.Console.Tests;

/// <summary>Sign-in, the forced password change and the security headers, in Chromium against the real server.</summary>
public sealed class ConsoleSignInTests : IClassFixture<ConsoleServer>
{
    private readonly ConsoleServer _server;

    public ConsoleSignInTests(ConsoleServer server) => _server = server;

    [Fact]
    public async Task FirstSignIn_WithConfiguredAdminPassword_ForcesPasswordChangeThenShowsDashboard()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_server.Address);
        await Pages.RunAsync(browser, page, async () =>
        {
            // An anonymous visit to a console page is sent to sign in, with the way back.
            await page.GotoAsync("/catalogue");
            await page.WaitForURLAsync("**/signin?returnUrl=*");

            // By keyboard alone: the user name has the focus, Tab reaches the password, Enter submits.
            await page.Keyboard.TypeAsync("admin");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("wrong-password-123");
            await page.Keyboard.PressAsync("Enter");
            await page.GetByTestId("signin-error").WaitForAsync();
            Assert.Contains("wrong", await page.TextContentAsync("[data-testid=signin-error]"), StringComparison.Ordinal);

            await Pages.SignInAsync(page, "admin", ConsoleServer.InitialAdminPassword);
            await page.WaitForURLAsync("**/account/password");
            await page.GetByTestId("must-change").WaitForAsync();
            await Browser.ScreenshotAsync(page, "01-change-password");

            // Too short a password is refused with the reason; a good one leads to the dashboard.
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, "short");
            Assert.Contains("at least 12", await page.TextContentAsync("[data-testid=password-error]"), StringComparison.Ordinal);
            await Pages.ChangePasswordAsync(page, ConsoleServer.InitialAdminPassword, Pages.AdminPassword);
            await page.GetByTestId("card-packages").WaitForAsync();
            Assert.Equal("admin", await page.TextContentAsync("[data-testid=signed-in-as]"));
            await Browser.ScreenshotAsync(page, "02-dashboard");

            // The navigation is reachable by keyboard: tabbing lands on the VNF package catalogue link, Enter follows it.
            for (var i = 0; i < 12 && await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''") != "VNF packages"; i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/catalogue");
            await page.GetByTestId("packages-table").WaitForAsync();
        });
    }

    [Fact]
    public async Task ConsoleResponses_CarrySecurityHeaders_AndApisKeepBearerTokens()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        using var signIn = await http.GetAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("DENY", signIn.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", signIn.Headers.GetValues("Referrer-Policy").Single());
        Assert.All(signIn.Headers.GetValues("Content-Security-Policy"), csp => Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal));
        Assert.Contains(signIn.Headers.GetValues("Content-Security-Policy"), csp => csp.Contains("script-src 'self'", StringComparison.Ordinal));

        // The console cookie is no API credential: the APIs still answer 401 without a bearer token.
        using var api = await http.GetAsync(new Uri("/vnfpkgm/v1/vnf_packages", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
