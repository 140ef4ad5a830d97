using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.Connectors.ServiceNow;
using CrmSync.Connectors.Tests.Fuzzing;
using CrmSync.Connectors.Tests.Rest;
using CrmSync.CrmSimulator.ServiceNow.Push;
using CsCheck;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.ServiceNow;

/// <summary>
/// Valid webhooks of both families, mutated: fields removed, wrong types, huge values, broken JSON, wrong signatures and
/// credentials. Each must be refused as the gateway's 401 or 400 would refuse it (and then yields no change to store),
/// or be accepted as well-formed changes; anything else would be a 5xx. <see cref="WebhookFuzz.Inputs"/> inputs.
/// </summary>
public sealed class ServiceNowFuzzTests(SimulatorFixture simulator, ITestOutputHelper output) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] Mutations =
        ["none", "remove", "wrong-type", "huge", "truncate", "garbage-byte", "bad-signature", "stale-timestamp", "no-credentials", "wrong-password", "other-entity"];

    [Fact]
    public async Task EveryMutatedWebhookIsRefusedWithA4xxOrAcceptedAsValidChanges()
    {
        var iterations = WebhookFuzz.Inputs;
        using var harness = new ServiceNowHarness(simulator.Address, new Dictionary<string, string?>
        {
            [$"CrmSync:Sources:{ServiceNowHarness.Source}:ReadBackDelay"] = "00:00:00.005",
        });
        var outcomes = new ConcurrentDictionary<string, long>();
        var failures = new ConcurrentQueue<string>();
        var gen = Gen.Select(Gen.Bool, Gen.Int[1, SimulatorFixture.Accounts], Gen.OneOf(Mutations), Gen.Int[0, 1_000_000], Gen.Int[0, 3]);

        await gen.SampleAsync(async (microsoft, index, mutation, position, operation) =>
        {
            var (request, _) = Build(microsoft, index, mutation, position, operation);
            var outcome = await ClassifyAsync(harness, request);
            outcomes.AddOrUpdate($"{(microsoft ? "Microsoft" : "CrmSync")} {outcome}", 1, (_, n) => n + 1);
            if (outcome.StartsWith("5xx", StringComparison.Ordinal))
            {
                failures.Enqueue($"{mutation} at {position}: {outcome}\n{Encoding.UTF8.GetString(request.Body)[..Math.Min(400, request.Body.Length)]}");
            }
        }, iter: iterations, threads: 4);

        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key))
        {
            output.WriteLine($"{outcome}: {count:N0}");
        }

        output.WriteLine($"total: {outcomes.Values.Sum():N0} inputs");
        Assert.Empty(failures);
        Assert.Equal(iterations, outcomes.Values.Sum());
        Assert.Contains(outcomes.Keys, key => key.EndsWith("accepted", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, key => key.EndsWith("400", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, key => key.EndsWith("401", StringComparison.Ordinal));
    }

    private static async Task<string> ClassifyAsync(ServiceNowHarness harness, WebhookRequest request)
    {
        FuzzOutcome outcome;
        try
        {
            outcome = await WebhookFuzz.OutcomeAsync(harness.Connector, request);
        }
        catch (Exception ex)
        {
            return $"5xx: {ex.GetType().Name} {ex.Message}";
        }

        return outcome switch
        {
            { Status: 400, Verified: false } => "5xx: Verify answered the request as malformed",
            { Status: 401, Verified: false } => "401",
            { Status: 401 } => "5xx: ParseAsync refused a request Verify had let pass",
            { Status: 400 } => "400",
            _ => outcome.Changes.Count > 0 && outcome.Changes.All(c => Entities.IsKnown(c.Entity) && ServiceNowVersion.IsSysId(c.SourceId)
                && (c.Operation == ChangeOperation.Delete || c.Fields.ContainsKey(RecordFields.SourceUrl)))
                ? "accepted"
                : "5xx: accepted changes that are not well-formed",
        };
    }

    /// <summary>A valid request of the family for simulator record <paramref name="index"/>, then one mutation.</summary>
    private static (WebhookRequest Request, string Body) Build(bool microsoft, int index, string mutation, int position, int operation)
    {
        var sysId = SimulatorRecords.AccountSysId(index);
        var values = new Dictionary<string, string>
        {
            ["sys_id"] = sysId, ["name"] = $"Account {index}", ["number"] = $"ACC{index:D7}", ["phone"] = "+1 555 0100", ["city"] = "Oslo",
            ["zip"] = "0150", ["street"] = "1 Main St", ["country"] = "Norway", ["website"] = "", ["sys_created_on"] = "2026-01-01 00:00:00",
            ["sys_updated_on"] = "2026-11-23 10:00:00", ["sys_mod_count"] = $"{operation}",
        };
        var op = (string[])["insert", "update", "delete", "update"];
        JsonNode body = microsoft
            ? JsonNode.Parse(MicrosoftScripts.For("account", op[operation]).Body(values.ToDictionary(v => v.Key, v => (string?)v.Value)))!
            : JsonNode.Parse(CrmSyncNotification.Build(op[operation], "customer_account", values, ServiceNowHarness.Secret, DateTimeOffset.UtcNow).Body)!;
        var text = Mutate(body, mutation, position);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes = mutation switch
        {
            "truncate" => bytes[..(position % Math.Max(1, bytes.Length))],
            "garbage-byte" => [.. bytes[..(position % bytes.Length)], (byte)(position % 256), .. bytes[(position % bytes.Length)..]],
            _ => bytes,
        };
        var headers = new List<KeyValuePair<string, string>>();
        var entity = mutation == "other-entity" ? "contact" : position % 2 == 0 ? "account" : null;
        if (microsoft)
        {
            if (mutation != "no-credentials")
            {
                headers.Add(ServiceNowHarness.Basic(password: mutation == "wrong-password" ? "guess" : ServiceNowHarness.WebhookPassword));
            }
        }
        else if (mutation != "no-credentials")
        {
            var sentAt = mutation == "stale-timestamp" ? DateTimeOffset.UtcNow.AddMinutes(-10) : DateTimeOffset.UtcNow;
            var secret = mutation == "wrong-password" ? "whsec_" + Convert.ToBase64String(new byte[32]) : ServiceNowHarness.Secret;
            var signed = Testing.WebhookSender.SignatureHeaders($"sn_{position}", sentAt, bytes, secret);
            if (mutation == "bad-signature")
            {
                signed[2] = new(signed[2].Key, signed[2].Value[..^4] + "AAA=");
            }

            headers.AddRange(signed);
        }

        var request = ServiceNowHarness.Request(microsoft ? "POST" : "POST", entity, "", headers) with { Body = bytes };
        return (request, text);
    }

    /// <summary>Removes a property, gives it another type, or makes it huge, at the node <paramref name="position"/> picks.</summary>
    private static string Mutate(JsonNode body, string mutation, int position)
    {
        if (mutation is not ("remove" or "wrong-type" or "huge"))
        {
            return body.ToJsonString();
        }

        var slots = new List<(JsonObject Parent, string Key)>();
        Collect(body, slots);
        var (parent, key) = slots[position % slots.Count];
        switch (mutation)
        {
            case "remove":
                parent.Remove(key);
                break;
            case "wrong-type":
                parent[key] = (position / 7 % 5) switch { 0 => 42, 1 => new JsonArray(1, "a"), 2 => new JsonObject { ["x"] = 1 }, 3 => null, _ => true };
                break;
            default:
                parent[key] = new string((char)('a' + position % 26), 200_000 + position % 1000);
                break;
        }

        return body.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonObject, string)> slots)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, child) in obj.ToList())
        {
            slots.Add((obj, key));
            if (child is not null)
            {
                Collect(child, slots);
            }
        }
    }
}
