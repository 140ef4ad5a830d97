namespace CrmSync.EndToEnd.Tests.Dynamics365;

/// <summary>
/// A fault in the source organisation for CrmSync's reads, undone on dispose: 429 by spending its application user's
/// requests for a short window, 503 by a short outage, 500 (or 503) by failing every request for a moment.
/// </summary>
public sealed class SourceFault : IAsyncDisposable
{
    private static readonly object DefaultLimits = new { RequestsPerWindow = 6000, WindowSeconds = 300 };

    private readonly SourceOrganisation organisation;
    private readonly Task? healing;

    private SourceFault(SourceOrganisation organisation, Task? healing)
    {
        this.organisation = organisation;
        this.healing = healing;
    }

    public static async Task<SourceFault> InjectAsync(SourceOrganisation organisation, int status)
    {
        switch (status)
        {
            case 429:
                await organisation.Emulator.SetLimitsAsync(new { RequestsPerWindow = 2, WindowSeconds = 3 });
                await SpendCrmSyncsRequestsAsync(organisation, 2);
                return new SourceFault(organisation, null);
            case 503:
                await organisation.Emulator.StartOutageAsync(TimeSpan.FromSeconds(2));
                return new SourceFault(organisation, null);
            default:
                // Everything fails for a second and a half: a read-back's first attempts, within its back-off of 1 s and 2 s.
                await organisation.Emulator.SetFaultsAsync(new { ErrorRate = 1.0 });
                return new SourceFault(organisation, Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => organisation.Emulator.SetFaultsAsync(new { ErrorRate = 0.0 })).Unwrap());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (healing is not null)
        {
            await healing;
        }

        await organisation.Emulator.SetLimitsAsync(DefaultLimits);
        await organisation.Emulator.SetFaultsAsync(new { ErrorRate = 0.0 });
    }

    /// <summary>CrmSync's application user on the emulator has no token, so a request without Authorization counts as its.</summary>
    private static async Task SpendCrmSyncsRequestsAsync(SourceOrganisation organisation, int requests)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = organisation.Url };
        for (var i = 0; i < requests; i++)
        {
            using var response = await http.GetAsync("api/data/v9.2/WhoAmI");
        }
    }
}
