using PuppeteerSharp;

namespace CrmSync.AppHost.Tests;

/// <summary>The Aspire dashboard of the default app, as a person sees it in a browser.</summary>
[Collection(DefaultAppCollection.Name)]
public sealed class DashboardTests(DefaultAppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        _browser = await Chromium.LaunchAsync();
        _page = await _browser.NewPageAsync();
        await _page.SetViewportAsync(new ViewPortOptions { Width = 1600, Height = 1000 });
    }

    [ChromiumFact]
    public async Task TheResourcesPageListsDataverseSiloAndGatewayAsRunning()
    {
        var text = await Chromium.WaitForTextAsync(_page, Dashboard("/"),
            text => Rows(text, "dataverse", "silo", "gateway").All(row => row.Contains("Running", StringComparison.Ordinal)),
            "a Running row for dataverse, silo and gateway");

        output.WriteLine(text);
    }

    [ChromiumFact]
    public async Task AWebhooksTraceCrossesGatewayAndSilo()
    {
        using var webhooks = app.Webhooks();
        var response = await webhooks.SendAsync(GenericChange.Account("dashboard-trace", 1));
        Assert.True(response.IsSuccess, response.ToString());

        var text = await Chromium.WaitForTextAsync(_page, Dashboard("/traces"),
            text => WebhookTraceRows(text).Any(row => row.Contains("gateway (", StringComparison.Ordinal) && row.Contains("silo (", StringComparison.Ordinal)),
            "a row 'gateway: POST /webhooks/{source}' whose spans are in gateway and silo");

        output.WriteLine(text);
    }

    [ChromiumFact]
    public async Task ACrmSyncMeterShowsOnTheMetricsPage()
    {
        using var webhooks = app.Webhooks();
        Assert.True((await webhooks.SendAsync(GenericChange.Account("dashboard-meter", 1))).IsSuccess);

        var text = await Chromium.WaitForTextAsync(_page, Dashboard("/metrics/resource/gateway"),
            text => text.Contains("CrmSync.Webhooks", StringComparison.Ordinal) && text.Contains("crmsync.webhooks.requests", StringComparison.Ordinal),
            "the CrmSync.Webhooks meter and its crmsync.webhooks.requests counter");

        output.WriteLine(text);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }
    }

    private Uri Dashboard(string path) => new(app.DashboardUrl ?? throw new InvalidOperationException("The dashboard is off."), path);

    /// <summary>The traces page's rows of webhook requests, each row's cells (name, resources with span counts, duration) as one string.</summary>
    private static IEnumerable<string> WebhookTraceRows(string text)
    {
        var lines = text.Split('\n');
        return lines
            .Select((line, index) => (line, index))
            .Where(entry => entry.line.StartsWith("gateway: POST /webhooks/{source}", StringComparison.Ordinal))
            .Select(entry => string.Join(" | ", lines.Skip(entry.index).TakeWhile((line, i) => i == 0 || !line.Contains(": ", StringComparison.Ordinal)).Take(6)));
    }

    /// <summary>Lines of the page's text that name <paramref name="resources"/>, one per resource (empty when one is missing).</summary>
    private static IEnumerable<string> Rows(string text, params string[] resources)
    {
        var lines = text.Split('\n');
        var rows = resources.Select(resource => lines.FirstOrDefault(line => line.Split('\t', ' ').Contains(resource))).ToList();
        return rows.Any(row => row is null) ? [] : rows.OfType<string>();
    }
}
