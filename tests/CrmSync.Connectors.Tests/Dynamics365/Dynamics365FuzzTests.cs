using CrmSync.Connectors.Tests.Fuzzing;
using CsCheck;
using Xunit.Abstractions;

namespace CrmSync.Connectors.Tests.Dynamics365;

/// <summary>Dataverse webhooks fuzzed: contexts with and without versioned images, defects on purpose, mutated bytes and wrong keys.</summary>
public sealed class Dynamics365FuzzTests(Dynamics365Source dynamics, ITestOutputHelper output) : IClassFixture<Dynamics365Source>
{
    /// <summary>Read-backs (no versioned image) are rare: each waits for its batch, and the fuzz is about the input.</summary>
    private static readonly Gen<string> Images = Gen.Frequency(
        (30, Gen.Select(Gen.Long[0, long.MaxValue], Gen.String, Gen.OneOf("\"/Date(1506409448000)/\"", "\"/Date(1506409448000-0700)/\"", "null", "\"text\"", "12"))
            .Select((version, name, modified) => $$$"""{"key":"name","value":{{{System.Text.Json.JsonSerializer.Serialize(name)}}}},{"key":"versionnumber","value":{{{version}}}},{"key":"modifiedon","value":{{{modified}}}}""")),
        (1, Gen.Const("")));

    private static readonly Gen<string> WellFormed =
        Gen.Select(Gen.Frequency((20, Gen.Const("Update")), (5, Gen.Const("Create")), (5, Gen.Const("Delete")), (2, Gen.Const("Assign"))), Gen.OneOf("account", "contact", "incident"), Gen.Guid, Images)
            .Select((message, entity, id, image) => Dynamics365Source.Context(message, entity, id, image, image));

    /// <summary>Certain defects: no GUID id, a collection that is not an array, a WCF date that is not one.</summary>
    private static readonly Gen<string> Defective = Gen.Select(Gen.OneOf("account", "contact"), Gen.Int[0, 2]).Select((entity, defect) => defect switch
    {
        0 => $$"""{"MessageName":"Update","PrimaryEntityName":"{{entity}}","PrimaryEntityId":"nope"}""",
        1 => $$$"""{"MessageName":"Update","PrimaryEntityName":"{{{entity}}}","PrimaryEntityId":"{{{Guid.NewGuid()}}}","PostEntityImages":{"key":"PostImage"}}""",
        _ => Dynamics365Source.Context("Update", entity, Guid.NewGuid(), "", """{"key":"versionnumber","value":3},{"key":"modifiedon","value":"/Date(soon)/"}"""),
    });

    private static readonly Gen<FuzzCase> Cases = Gen.Frequency(
        (40, WellFormed.Select(body => new FuzzCase(Dynamics365Source.Webhook(body), "well-formed", false))),
        (20, Defective.Select(body => new FuzzCase(Dynamics365Source.Webhook(body), "one defect", true))),
        (20, Gen.Select(WellFormed, Gen.Int[0, 10_000], Gen.Byte).Select((body, position, value) =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            bytes[position % bytes.Length] = value;
            return new FuzzCase(Dynamics365Source.Webhook(System.Text.Encoding.UTF8.GetString(bytes)), "mutated bytes", false);
        })),
        (10, Gen.Select(WellFormed, Gen.String).Select((body, key) => new FuzzCase(Dynamics365Source.Webhook(body, key == Dynamics365Source.Key ? key + "x" : key), "wrong key", true))),
        (5, Gen.String.Select(text => new FuzzCase(Dynamics365Source.Webhook(text), "any text", false))));

    [Fact]
    public async Task NoInputIsAServerErrorAndEveryDefectIsRefused()
    {
        var counts = await WebhookFuzz.RunAsync(Cases, dynamics.Connector, output.WriteLine);

        Assert.Equal(WebhookFuzz.Inputs, counts.Values.Sum());
        Assert.Contains(counts, c => c.Key == "well-formed → 2xx" && c.Value > 0);
        Assert.Contains(counts, c => c.Key == "one defect → 400");
        Assert.Contains(counts, c => c.Key == "wrong key → 401");
    }
}
