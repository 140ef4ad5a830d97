using System.Text;
using System.Text.Json;
using CrmSync.Connectors.Shared;
using CrmSync.CrmSimulator.Data;
using CrmSync.Testing.Salesforce;
using ConnectorIds = CrmSync.Connectors.Salesforce.SalesforceIds;
using SimIds = CrmSync.CrmSimulator.Salesforce.SalesforceIds;

namespace CrmSync.Testing.Fuzzing;

/// <summary>One generated webhook: the family, how the valid body was damaged (0: not at all), and the seed for the rest.</summary>
public sealed record SalesforceFuzzCase(bool Soap, int Mutation, int Seed)
{
    public const int ApexMutations = 13;
    public const int SoapMutations = 10;
}

/// <summary>
/// Builds the bodies the fuzz test sends: a valid Apex body or Outbound Message from the seed (ids the simulator has,
/// other well-formed ids, 15-character and lower-cased ids, odd field values), then damaged as the mutation says. Apex
/// bodies are signed with the secret given, the connector tests' by default.
/// </summary>
public static class SalesforceFuzzInputs
{
    private static readonly string[] AccountFields = ["Name", "Phone", "Website", "AccountNumber", "BillingStreet", "BillingCity", "BillingPostalCode", "BillingCountry"];
    private static readonly string[] ContactFields = ["FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "AccountId"];
    private const string Alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static (byte[] Body, Dictionary<string, string> Headers) Build(SalesforceFuzzCase fuzz, DateTimeOffset now, string secret = SalesforceSamples.ApexSecret)
    {
        var random = new Random(fuzz.Seed);
        var body = fuzz.Soap ? Soap(random, fuzz.Mutation) : Apex(random, fuzz.Mutation);
        body = fuzz.Mutation switch
        {
            3 => body[..random.Next(body.Length)],
            4 => body.Insert(random.Next(body.Length), Junk(random)),
            _ => body,
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new Dictionary<string, string>();
        if (!fuzz.Soap)
        {
            var sentAt = fuzz.Mutation == 7 ? now.AddMinutes(-10) : now;
            var id = $"msg_{random.Next():x8}";
            var signature = StandardWebhookSignature.Sign(secret, id, sentAt.ToUnixTimeSeconds(), bytes);
            headers[StandardWebhookSignature.IdHeader] = id;
            headers[StandardWebhookSignature.TimestampHeader] = $"{sentAt.ToUnixTimeSeconds()}";
            headers[StandardWebhookSignature.SignatureHeader] = fuzz.Mutation == 6 ? signature[..^4] + "AAA=" : signature;
        }

        return (bytes, headers);
    }

    private static string Apex(Random random, int mutation)
    {
        var entity = random.Next(2) == 0 ? SimEntity.Account : SimEntity.Contact;
        var operation = mutation == 10 ? Junk(random) : new[] { "insert", "update", "delete", "undelete" }[random.Next(4)];
        var count = mutation == 8 ? 201 + random.Next(20) : mutation == 9 ? random.Next(2) * 3 : 1 + random.Next(5);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (!(mutation == 2 && random.Next(4) == 0))
            {
                writer.WriteString("operation", operation);
            }

            if (mutation == 5)
            {
                writer.WriteStartObject("records");
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("records");
                var first = Id(random, entity, mutation);
                for (var i = 0; i < count; i++)
                {
                    WriteRecord(writer, random, entity, mutation == 9 ? first : Id(random, entity, mutation), mutation, operation == "delete");
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRecord(Utf8JsonWriter writer, Random random, SimEntity entity, string id, int mutation, bool deleted)
    {
        var drop = mutation == 2 ? random.Next(3) : -1;
        writer.WriteStartObject();
        if (drop != 0)
        {
            writer.WriteStartObject("attributes");
            writer.WriteString("type", mutation == 13 ? Junk(random) : SimIds.TypeName(entity));
            writer.WriteString("url", $"/services/data/v62.0/sobjects/{SimIds.TypeName(entity)}/{id}");
            writer.WriteEndObject();
        }

        if (drop != 1)
        {
            if (mutation == 5)
            {
                writer.WriteNumber("Id", random.Next());
            }
            else
            {
                writer.WriteString("Id", id);
            }
        }

        if (drop != 2)
        {
            writer.WritePropertyName("SystemModstamp");
            if (mutation == 5 && random.Next(2) == 0)
            {
                writer.WriteBooleanValue(true);
            }
            else
            {
                writer.WriteStringValue(SimRecord.Epoch.AddSeconds(random.Next(1_000_000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'"));
            }
        }

        foreach (var field in deleted ? [] : entity == SimEntity.Account ? AccountFields : ContactFields)
        {
            writer.WritePropertyName(field);
            WriteValue(writer, random, field == "AccountId" ? SimIds.IdOf(SimEntity.Account, 1 + random.Next(300)) : null, mutation);
        }

        writer.WriteEndObject();
    }

    /// <summary>Strings, empty, null, numbers, booleans, unicode, huge strings (mutation 12), and objects where a value belongs (mutation 5).</summary>
    private static void WriteValue(Utf8JsonWriter writer, Random random, string? natural, int mutation)
    {
        switch (mutation == 5 ? 6 : random.Next(natural is null ? 6 : 2))
        {
            case 0:
                writer.WriteStringValue(natural ?? "Acme");
                break;
            case 1:
                writer.WriteNullValue();
                break;
            case 2:
                writer.WriteStringValue(mutation == 12 ? new string('x', 100_000 + random.Next(100_000)) : "");
                break;
            case 3:
                writer.WriteNumberValue(random.NextDouble() * 1e12);
                break;
            case 4:
                writer.WriteStringValue("Ünïcødé \u2028 \"quoted\" <tag> & 'apos' \ud83d\ude00");
                break;
            case 5:
                writer.WriteBooleanValue(random.Next(2) == 0);
                break;
            default:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
        }
    }

    private static string Soap(Random random, int mutation)
    {
        var count = mutation == 8 ? 101 + random.Next(5) : 1 + random.Next(4);
        var entity = random.Next(2) == 0 ? SimEntity.Account : SimEntity.Contact;
        var organization = mutation == 2 ? "00D5g000004XyZbEAK" : random.Next(2) == 0 ? SalesforceSamples.OrganizationId : SalesforceSamples.OrganizationId[..15];
        var notifications = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var type = mutation == 6 ? Junk(random) : "sf:" + SimIds.TypeName(entity);
            var id = mutation == 5 ? "" : $"<sf:Id>{Id(random, entity, mutation)}</sf:Id>";
            notifications.Append($"""<Notification><Id>04l5g00000AbCdEAAV</Id><sObject xsi:type="{System.Security.SecurityElement.Escape(type)}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">{id}<sf:Name>x</sf:Name></sObject></Notification>""");
        }

        var doctype = mutation == 7 ? """<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>""" : "";
        var body = mutation == 9 ? "<" + Junk(random) : $"""
            <?xml version="1.0" encoding="UTF-8"?>{doctype}<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>{organization}</OrganizationId><ActionId>04k5g000000CrmSAAS</ActionId><SessionId xsi:nil="true"/>{notifications}</notifications></soapenv:Body></soapenv:Envelope>
            """;
        return body;
    }

    /// <summary>Mostly records the simulator has; some well-formed ids it has not (read back as deleted); 15-character and lower-cased forms (mutation 11).</summary>
    private static string Id(Random random, SimEntity entity, int mutation)
    {
        var id = random.Next(4) == 0
            ? ConnectorIds.Normalize(SimIds.KeyPrefix(entity) + new string([.. Enumerable.Range(0, 12).Select(_ => Alphanumerics[random.Next(Alphanumerics.Length)])]))!
            : SimIds.IdOf(entity, 1 + random.Next(300));
        return mutation == 11 ? (random.Next(2) == 0 ? id[..15] : id.ToLowerInvariant()) : id;
    }

    private static string Junk(Random random)
    {
        var chars = "{}[]<>\"'\\,:&;/=?!x0 \u0000\u00ff\ud800";
        return new string([.. Enumerable.Range(0, 1 + random.Next(12)).Select(_ => chars[random.Next(chars.Length)])]);
    }
}
