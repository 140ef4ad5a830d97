using System.Diagnostics;
using System.Text.Json;
using CrmSync.Connectors.Salesforce;
using CrmSync.Connectors.Tests.Fuzzing;
using CrmSync.Testing.Fuzzing;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Salesforce;

/// <summary>
/// Every generated or damaged Salesforce webhook is refused as the gateway refuses (401 or 400) or accepted as valid;
/// nothing ends in another exception, which the gateway would answer 5xx. <see cref="WebhookFuzz.Inputs"/> inputs.
/// </summary>
public sealed class SalesforceFuzzTests(ITestOutputHelper output)
{
    private static long Iterations => WebhookFuzz.Inputs;

    [Fact]
    public async Task EveryInputIsRefusedAsA4xxOrAcceptedAndNeverFailsOtherwise()
    {
        await using var harness = await SalesforceHarness.StartAsync(sourceSettings: new Dictionary<string, string?> { ["ReadBackDelay"] = "00:00:00" });
        var connector = harness.Connector;
        long accepted = 0, unauthorized = 0, badRequest = 0, changes = 0;
        var clock = Stopwatch.StartNew();
        var cases = Gen.Select(Gen.Bool, Gen.Int[0, SalesforceFuzzCase.ApexMutations], Gen.Int, (soap, mutation, seed) =>
            new SalesforceFuzzCase(soap, soap ? mutation % (SalesforceFuzzCase.SoapMutations + 1) : mutation, seed));

        await cases.SampleAsync(async fuzz =>
        {
            var now = DateTimeOffset.UtcNow;
            var (body, headers) = SalesforceFuzzInputs.Build(fuzz, now);
            var request = new WebhookRequest(SalesforceHarness.Source, "POST", new Uri("https://gateway.example/webhooks/sf"),
                new HeaderDictionary(headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value))), body, null, now);
            var outcome = await WebhookFuzz.OutcomeAsync(connector, request);
            if (outcome.Status != 200)
            {
                if (outcome.Status == 401)
                {
                    Interlocked.Increment(ref unauthorized);
                }
                else
                {
                    Interlocked.Increment(ref badRequest);
                }

                Assert.NotEqual(0, fuzz.Mutation);
                return;
            }

            Interlocked.Increment(ref accepted);
            Interlocked.Add(ref changes, outcome.Changes.Count);
            AssertStorable(outcome.Changes);
        }, iter: Iterations, threads: 1);

        var summary = $"Salesforce fuzz: {Iterations:N0} inputs in {clock.Elapsed.TotalSeconds:0.0} s: {accepted:N0} accepted ({changes:N0} changes), {badRequest:N0} answered 400, {unauthorized:N0} answered 401, 0 other.";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.Equal(Iterations, accepted + badRequest + unauthorized);
        Assert.True(accepted > 0 && badRequest > 0 && unauthorized > 0, summary);
    }

    /// <summary>What the gateway hands to record grains must be well-formed: known entity, 18-character id, raw JSON values.</summary>
    private static void AssertStorable(IReadOnlyList<RecordChange> parsed)
    {
        Assert.NotEmpty(parsed);
        foreach (var change in parsed)
        {
            Assert.True(Entities.IsKnown(change.Entity));
            Assert.Equal(change.SourceId, SalesforceIds.Normalize(change.SourceId));
            foreach (var value in change.Fields.Values)
            {
                using var _ = JsonDocument.Parse(value);
            }
        }
    }
}
