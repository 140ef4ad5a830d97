using System.Text.Json;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Fuzzing;

/// <summary>
/// One fuzz run of a connector as the gateway drives it: Verify, then Parse. Each outcome is the status the gateway
/// would answer: 401 refused (nothing parsed, so nothing stored), 400 malformed, 200 with well-formed changes. Any other
/// exception would be a 5xx and fails the run. <c>CRMSYNC_FUZZ=long</c> runs 100,000 inputs; by default a few thousand.
/// </summary>
public sealed class FuzzRun(ITestOutputHelper output)
{
    public static readonly long Iterations = Environment.GetEnvironmentVariable("CRMSYNC_FUZZ") == "long" ? 100_000 : 3_000;

    private long accepted;
    private long refused;
    private long malformed;
    private long changes;

    public long Total => accepted + refused + malformed;

    /// <param name="signedRight">Whether the request carries the source's credentials: only such a request may pass Verify.</param>
    public async Task RunAsync(IWebhookConnector connector, WebhookRequest request, bool signedRight)
    {
        try
        {
            connector.Verify(request);
        }
        catch (WebhookRejectedException)
        {
            Assert.False(signedRight, "A request with the source's credentials was refused.");
            Interlocked.Increment(ref refused);
            return;
        }

        Assert.True(signedRight, "A request without the source's credentials passed Verify.");
        try
        {
            var parsed = await connector.ParseAsync(request, CancellationToken.None);
            Assert.All(parsed, WellFormed);
            Interlocked.Add(ref changes, parsed.Count);
            Interlocked.Increment(ref accepted);
        }
        catch (WebhookFormatException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            Interlocked.Increment(ref malformed);
        }
    }

    public void Report(string connector)
    {
        output.WriteLine($"{connector} fuzz: {Total:N0} inputs — {accepted:N0} accepted ({changes:N0} changes), {malformed:N0} malformed (400), {refused:N0} refused (401), 0 server errors.");
        Assert.Equal(Iterations, Total);
        Assert.True(accepted > 0 && malformed > 0 && refused > 0, "The run reached every outcome.");
    }

    private static void WellFormed(RecordChange change)
    {
        Assert.True(Entities.IsKnown(change.Entity));
        Assert.Matches("^[1-9][0-9]*$", change.SourceId);
        foreach (var value in change.Fields.Values)
        {
            using var document = JsonDocument.Parse(value);
            Assert.True(ChangeValues.IsColumnValue(document.RootElement));
        }
    }
}
