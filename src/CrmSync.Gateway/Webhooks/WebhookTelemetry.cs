using System.Diagnostics.Metrics;

namespace CrmSync.Gateway.Webhooks;

/// <summary>Webhook requests and their changes; ServiceDefaults exports every "CrmSync.*" meter.</summary>
public static class WebhookTelemetry
{
    public const string Name = "CrmSync.Webhooks";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("crmsync.webhooks.requests", description: "Webhook requests, by source and status code.");
    private static readonly Counter<long> Changes = Meter.CreateCounter<long>("crmsync.webhooks.changes", description: "Changes acknowledged to sources, by source and outcome.");

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("crmsync.webhooks.refused", description: "Webhook requests refused at once with 429 because the gateway had its MaxChangesInFlight in flight, by source.");

    public static void RefusedForLoad(string source) => Refused.Add(1, new KeyValuePair<string, object?>("source", source));

    public static void Answered(string source, int status) => Requests.Add(1, new("source", source), new("status", status));

    public static void Acknowledged(string source, IReadOnlyList<ChangeResult> results)
    {
        foreach (var result in results)
        {
            Changes.Add(1, new("source", source), new("outcome", result.Outcome.ToString().ToLowerInvariant()));
        }
    }
}
