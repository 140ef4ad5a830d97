using System.Collections.Concurrent;
using System.Globalization;
using CsCheck;

namespace CrmSync.Connectors.Tests.Fuzz;

/// <summary>A fuzzed webhook and what must become of it: <see cref="MustRefuse"/> when the generator made it unacceptable on purpose.</summary>
public sealed record FuzzCase(WebhookRequest Request, string Kind, bool MustRefuse);

/// <summary>
/// Runs fuzzed webhooks through a connector as the gateway does (Verify, then ParseAsync, and only then would the
/// changes be stored) and holds it to the gateway's promises: every answer is a 2xx, a 401 or a 400, never a 5xx
/// (any other exception); an input made wrong on purpose is refused, so nothing of it would be stored; and what is
/// accepted names only known entities and columns. The count is CRMSYNC_FUZZ_INPUTS, or a few thousand by default.
/// </summary>
public static class WebhookFuzz
{
    public const string CountVariable = "CRMSYNC_FUZZ_INPUTS";

    public static long Inputs => long.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 3000;

    public static async Task<IReadOnlyDictionary<string, long>> RunAsync(Gen<FuzzCase> cases, IWebhookConnector connector, Action<string> writeLine)
    {
        var counts = new ConcurrentDictionary<string, long>();
        await cases.SampleAsync(async input =>
        {
            var outcome = await OutcomeAsync(connector, input);
            counts.AddOrUpdate($"{input.Kind} → {outcome}", 1, (_, n) => n + 1);
            if (input.MustRefuse && outcome.StartsWith("2", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"A {input.Kind} input made wrong on purpose was accepted: {System.Text.Encoding.UTF8.GetString(input.Request.Body)}");
            }
        }, iter: Inputs, threads: 16);
        writeLine($"{counts.Values.Sum()} fuzzed inputs: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        return counts;
    }

    private static async Task<string> OutcomeAsync(IWebhookConnector connector, FuzzCase input)
    {
        try
        {
            connector.Verify(input.Request);
            var changes = await connector.ParseAsync(input.Request, CancellationToken.None);
            foreach (var change in changes)
            {
                var table = CrmSync.Dataverse.DataverseTables.For(change.Entity);
                var unknown = change.Fields.Keys.FirstOrDefault(k => !table.WritableColumns.Contains(k) && k != RecordFields.ParentAccountId);
                if (change.SourceId.Length == 0 || unknown is not null)
                {
                    throw new InvalidOperationException($"Change {change.Entity} '{change.SourceId}' carries '{unknown}'.");
                }
            }

            return changes.Count == 0 ? "2xx (nothing to store)" : "2xx";
        }
        catch (WebhookRejectedException)
        {
            return "401";
        }
        catch (WebhookFormatException)
        {
            return "400";
        }
    }
}
