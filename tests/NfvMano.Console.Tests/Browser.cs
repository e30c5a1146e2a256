using Microsoft.Playwright;

namespace NfvMano.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser): headless, 1280 × 800, one context per test.
/// <c>NFVMANO_CHROMIUM</c> names another executable.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The folder the screenshots go to (under the test output).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>What the browser reported (console messages, page errors, HTTP errors), for failure messages.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    /// <summary>The log as text.</summary>
    public string LogText => string.Join(Environment.NewLine, Log);

    public static async Task<Browser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("NFVMANO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executable} (tests/run installs Debian's package 'chromium').");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh page (own cookies) at 1280 × 800 on <paramref name="baseAddress"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => Log.Enqueue($"console {m.Type}: {m.Text}");
        page.PageError += (_, e) => Log.Enqueue($"page error: {e}");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Log.Enqueue($"HTTP {r.Status} {r.Request.Method} {r.Url}");
            }
        };
        return page;
    }

    /// <summary>Saves a full-page screenshot as <c>screenshots/NAME.png</c>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
