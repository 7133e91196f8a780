using Identity.Testing;
using Microsoft.Playwright;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Headless Chromium for the console's browser test: Debian's <c>chromium</c> (or <c>IDENTITY_CHROMIUM</c>) driven by
/// Playwright through its executable path, so no Playwright browser is downloaded. A missing browser fails the test on
/// CI (<c>CI=true</c>); elsewhere the test is inconclusive, as the Node and PostgreSQL tests are.
/// </summary>
internal static class ConsoleBrowser
{
    public static string RequireChromium()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("IDENTITY_CHROMIUM") ?? string.Empty, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
        var found = candidates.FirstOrDefault(p => p.Length > 0 && File.Exists(p));
        if (found is not null)
        {
            return found;
        }

        const string message = "The console's browser test needs Chromium: apt-get install chromium (./test.sh installs it), or set IDENTITY_CHROMIUM.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Inconclusive(message);
        return string.Empty;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executable) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = executable,
        Headless = true,
        // Root in a container has no user namespaces for Chromium's sandbox.
        ChromiumSandbox = false,
        Timeout = 60_000,
    });

    /// <summary>Saves a full-page screenshot as a test artefact (and under bin/…/console-screenshots/ for the README's copies).</summary>
    public static async Task ScreenshotAsync(IPage page, TestContext testContext, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        testContext.AddResultFile(path);
    }

    /// <summary>The real server on Kestrel (with the test admin key) and one headless Chromium context on its address.</summary>
    public static async Task<BrowserSession> StartAsync()
    {
        var chromium = RequireChromium();
        var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey });
        var playwright = await Playwright.CreateAsync();
        var browser = await LaunchAsync(playwright, chromium);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1200, Height = 900 } });
        return new BrowserSession(server, playwright, browser, context);
    }
}

/// <summary>A started server with a browser context on it; disposing closes the browser and stops the server.</summary>
internal sealed record BrowserSession(ServerProcess Server, IPlaywright Playwright, IBrowser Browser, IBrowserContext Context) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
    }
}
