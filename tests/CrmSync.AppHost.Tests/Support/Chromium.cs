using PuppeteerSharp;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>Debian's chromium, headless, driven by PuppeteerSharp; nothing is downloaded.</summary>
public static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string? ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured && File.Exists(configured)
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    public static Task<IBrowser> LaunchAsync() => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = ExecutablePath ?? throw new InvalidOperationException("Chromium is not installed (apt-get install chromium)."),
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        ],
    });

    /// <summary>
    /// Opens <paramref name="url"/> and waits until the page's text satisfies <paramref name="condition"/>: the dashboard
    /// is Blazor Server, so its content arrives over a websocket after the page has loaded.
    /// </summary>
    public static async Task<string> WaitForTextAsync(IPage page, Uri url, Func<string, bool> condition, string expectation, TimeSpan? timeout = null)
    {
        await page.GoToAsync(url.ToString(), new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        return await Eventually.MatchesAsync(
            () => page.EvaluateExpressionAsync<string>("document.body.innerText"),
            condition,
            expectation,
            timeout ?? TimeSpan.FromSeconds(60),
            text => text.Length > 3000 ? text[..3000] : text,
            TimeSpan.FromMilliseconds(500));
    }
}
