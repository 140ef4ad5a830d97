using System.Text;
using CrmSync.Connectors.Tests.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.HubSpot;

/// <summary>HubSpot webhooks fuzzed: well-formed arrays, arrays with a defect on purpose, mutated bytes, and bad signatures.</summary>
public sealed class HubSpotFuzzTests(HubSpotSource hubSpot, ITestOutputHelper output) : IClassFixture<HubSpotSource>
{
    private static readonly string[] Objects = ["contact", "company", "deal", "object"];

    /// <summary>Read-backs are rare: each waits for its batch, and the fuzz is about the input, not the CRM.</summary>
    private static readonly Gen<string> Actions = Gen.Frequency(
        (30, Gen.Const("propertyChange")), (20, Gen.Const("deletion")), (5, Gen.Const("privacyDeletion")), (5, Gen.Const("somethingNew")),
        (1, Gen.OneOf("creation", "restore", "merge", "associationChange")));

    private static readonly Gen<string> Properties = Gen.OneOf("firstname", "lastname", "email", "phone", "associatedcompanyid", "name", "website", "hs_lead_status", "");

    private static readonly Gen<string> Values = Gen.OneOf(
        Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)), Gen.Int.Select(i => $"{i}"), Gen.OneOf("null", "true", "\"\"", "{}", "[1]"));

    private static readonly Gen<string> Ids = Gen.OneOf(Gen.Long[1, 400].Select(i => $"{i}"), Gen.Frequency((20, Gen.Const("")), (1, Gen.OneOf("0", "-3", "\"7\"", "\"x\"", "1.5", "null"))));

    private static readonly Gen<string> WellFormedEvent =
        Gen.Select(Gen.OneOf(Objects), Actions, Ids, Properties, Values, Gen.Long[1, 1800000000000])
            .Select((o, action, id, property, value, at) =>
            {
                var objectId = id.Length == 0 ? "5" : id;
                var typeId = o == "object" ? ",\"objectTypeId\":\"0-1\"" : "";
                return $$"""{"eventId":1,"subscriptionType":"{{o}}.{{action}}"{{typeId}},"objectId":{{objectId}},"occurredAt":{{at}},"propertyName":"{{property}}","propertyValue":{{value}},"primaryObjectId":{{objectId}},"mergedObjectIds":[{{objectId}},3],"associationType":"CONTACT_TO_COMPANY","fromObjectId":{{objectId}},"toObjectId":2}""";
            });

    /// <summary>Certain defects in a contact or company event: the event is not an object, or occurredAt is not epoch ms.</summary>
    private static readonly Gen<string> DefectiveEvent = Gen.OneOf(
        Gen.OneOf("1", "\"contact.deletion\"", "null", "[]"),
        Gen.Select(Gen.OneOf("contact", "company"), Gen.OneOf("\"1700000000000\"", "-1", "0", "null", "1e3", "{}"))
            .Select((o, at) => $$"""{"subscriptionType":"{{o}}.deletion","objectId":5,"occurredAt":{{at}}}"""));

    private static readonly Gen<FuzzCase> Cases = Gen.Frequency(
        (40, WellFormedEvent.Array[1, 6].Select(events => Signed($"[{string.Join(',', events)}]", "well-formed", mustRefuse: false))),
        (20, Gen.Select(WellFormedEvent.Array[0, 4], DefectiveEvent, Gen.Int[0, 4]).Select((events, defect, at) =>
            Signed($"[{string.Join(',', events.Take(at).Append(defect).Concat(events.Skip(at)))}]", "one defect", mustRefuse: true))),
        (20, Gen.Select(WellFormedEvent.Array[1, 3], Gen.Int[0, 10_000], Gen.Byte).Select((events, position, value) =>
        {
            var body = Encoding.UTF8.GetBytes($"[{string.Join(',', events)}]");
            body[position % body.Length] = value;
            return Signed(Encoding.UTF8.GetString(body), "mutated bytes", mustRefuse: false);
        })),
        (10, WellFormedEvent.Array[1, 3].Select(events => Signed($"[{string.Join(',', events)}]", "wrong secret", mustRefuse: true, secret: "not-the-secret"))),
        (5, WellFormedEvent.Array[1, 3].Select(events => Signed($"[{string.Join(',', events)}]", "stale timestamp", mustRefuse: true, at: DateTimeOffset.UtcNow.AddMinutes(-6)))),
        (5, Gen.String.Select(s => Signed(s, "any text", mustRefuse: false))));

    [Fact]
    public async Task NoInputIsAServerErrorAndEveryDefectIsRefused()
    {
        await hubSpot.ResetAsync();

        var counts = await WebhookFuzz.RunAsync(Cases, hubSpot.Connector, output.WriteLine);

        Assert.Equal(WebhookFuzz.Inputs, counts.Values.Sum());
        Assert.Contains(counts, c => c.Key.StartsWith("well-formed → 2xx", StringComparison.Ordinal) && c.Value > 0);
        Assert.Contains(counts, c => c.Key == "one defect → 400");
        Assert.Contains(counts, c => c.Key == "wrong secret → 401");
    }

    private static FuzzCase Signed(string body, string kind, bool mustRefuse, string secret = HubSpotSource.ClientSecret, DateTimeOffset? at = null) =>
        new(HubSpotSource.Webhook(body, at, secret), kind, mustRefuse);
}
