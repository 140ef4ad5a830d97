using System.Text.Json;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Fuzzing;

/// <summary>
/// Counts one fuzz run whose inputs are signed right or wrong on purpose: only a request with the source's credentials
/// may pass Verify, and once past Verify it may only be accepted with well-formed changes or answered 400.
/// </summary>
public sealed class FuzzRun(ITestOutputHelper output)
{
    public static long Iterations => WebhookFuzz.Inputs;

    private long accepted;
    private long refused;
    private long malformed;
    private long changes;

    public long Total => accepted + refused + malformed;

    /// <param name="signedRight">Whether the request carries the source's credentials: only such a request may pass Verify.</param>
    public async Task RunAsync(IWebhookConnector connector, WebhookRequest request, bool signedRight)
    {
        var outcome = await WebhookFuzz.OutcomeAsync(connector, request);
        Assert.False(outcome is { Verified: false, Status: 400 }, "Verify, which only checks credentials, answered a request as malformed.");
        if (!outcome.Verified)
        {
            Assert.False(signedRight, "A request with the source's credentials was refused.");
            Interlocked.Increment(ref refused);
            return;
        }

        Assert.True(signedRight, "A request without the source's credentials passed Verify.");
        Assert.NotEqual(401, outcome.Status);
        if (outcome.Status == 400)
        {
            Interlocked.Increment(ref malformed);
            return;
        }

        Assert.All(outcome.Changes, WellFormed);
        Interlocked.Add(ref changes, outcome.Changes.Count);
        Interlocked.Increment(ref accepted);
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
