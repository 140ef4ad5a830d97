namespace CrmSync.AppHost.Tests.Support;

/// <summary>A fact that drives the dashboard in headless Chromium; skipped, naming the package, on a machine without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.ExecutablePath is null)
        {
            Skip = "Chromium is not installed; install it (on Debian or Ubuntu: sudo apt-get install chromium) to run this test.";
        }
    }
}
