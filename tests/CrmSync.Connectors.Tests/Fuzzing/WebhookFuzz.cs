using System.Collections.Concurrent;
using CrmSync.Testing.Fuzzing;
using CsCheck;

namespace CrmSync.Connectors.Tests.Fuzzing;

/// <summary>A fuzzed webhook and what must become of it: <see cref="MustRefuse"/> when the generator made it unacceptable on purpose.</summary>
public sealed record FuzzCase(WebhookRequest Request, string Kind, bool MustRefuse);

/// <summary>
/// What the gateway would answer a fuzzed webhook: 401, 400, or 2xx with the changes it would store; <see cref="Verified"/>
/// says whether Verify had let it pass. An exception of any other type is what the gateway answers 5xx.
/// </summary>
public sealed record FuzzOutcome(int Status, bool Verified, IReadOnlyList<RecordChange> Changes);

/// <summary>
/// The one fuzz harness of the connector tests: runs a webhook through a connector as the gateway does (Verify, then
/// ParseAsync, and only then would the changes be stored), <see cref="FuzzInputs.Count"/> times.
/// </summary>
public static class WebhookFuzz
{
    public static long Inputs => FuzzInputs.Count;

    public static async Task<FuzzOutcome> OutcomeAsync(IWebhookConnector connector, WebhookRequest request)
    {
        try
        {
            connector.Verify(request);
        }
        catch (WebhookRejectedException)
        {
            return new FuzzOutcome(401, Verified: false, []);
        }
        catch (WebhookFormatException ex) when (!string.IsNullOrWhiteSpace(ex.Message))
        {
            return new FuzzOutcome(400, Verified: false, []);
        }

        try
        {
            return new FuzzOutcome(200, Verified: true, await connector.ParseAsync(request, CancellationToken.None));
        }
        catch (WebhookRejectedException)
        {
            return new FuzzOutcome(401, Verified: true, []);
        }
        catch (WebhookFormatException ex) when (!string.IsNullOrWhiteSpace(ex.Message))
        {
            return new FuzzOutcome(400, Verified: true, []);
        }
    }

    /// <summary>
    /// Holds a connector to the gateway's promises over generated cases: every answer is a 2xx, a 401 or a 400, never a
    /// 5xx; an input made wrong on purpose is refused, so nothing of it would be stored; and what is accepted names only
    /// known entities and writable columns. Returns the count of each "kind → status".
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> RunAsync(Gen<FuzzCase> cases, IWebhookConnector connector, Action<string> writeLine)
    {
        var counts = new ConcurrentDictionary<string, long>();
        await cases.SampleAsync(async input =>
        {
            var outcome = await OutcomeAsync(connector, input.Request);
            foreach (var change in outcome.Changes)
            {
                var table = CrmSync.Dataverse.DataverseTables.For(change.Entity);
                var unknown = change.Fields.Keys.FirstOrDefault(k => !table.WritableColumns.Contains(k) && k != RecordFields.ParentAccountId);
                if (change.SourceId.Length == 0 || unknown is not null)
                {
                    throw new InvalidOperationException($"Change {change.Entity} '{change.SourceId}' carries '{unknown}'.");
                }
            }

            var status = outcome.Status != 200 ? $"{outcome.Status}" : outcome.Changes.Count == 0 ? "2xx (nothing to store)" : "2xx";
            counts.AddOrUpdate($"{input.Kind} → {status}", 1, (_, n) => n + 1);
            if (input.MustRefuse && outcome.Status == 200)
            {
                throw new InvalidOperationException($"A {input.Kind} input made wrong on purpose was accepted: {System.Text.Encoding.UTF8.GetString(input.Request.Body)}");
            }
        }, iter: Inputs, threads: 16);
        writeLine($"{counts.Values.Sum()} fuzzed inputs: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        return counts;
    }
}
