using Microsoft.Playwright;

namespace NfvMano.Console.Tests;

/// <summary>Steps through the console's pages the way an operator does, by labels and test ids.</summary>
internal static class Pages
{
    /// <summary>The password the tests give the admin after the forced change.</summary>
    public const string AdminPassword = "console-Operator-pass-5521";

    /// <summary>Runs a browser scenario; a failure tells where the page was, what it showed and what the browser logged.</summary>
    public static async Task RunAsync(Browser browser, IPage page, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e)
        {
            string text;
            try
            {
                text = await page.InnerTextAsync("body", new() { Timeout = 2_000 });
                await Browser.ScreenshotAsync(page, "failure-" + DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (PlaywrightException)
            {
                text = "(page unreadable)";
            }

            throw new InvalidOperationException($"{e.Message}\nat {page.Url}\npage text:\n{text}\nbrowser log:\n{browser.LogText}", e);
        }
    }

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await page.GotoAsync("/signin");
        }

        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static async Task ChangePasswordAsync(IPage page, string current, string next)
    {
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(next);
        await page.GetByLabel("New password again").FillAsync(next);
        await page.GetByTestId("password-submit").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
