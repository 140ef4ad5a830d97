using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>
/// A simulator record under ServiceNow's field names, every value a string as the Table API gives them ("" when
/// empty, date-times in UTC). Name, phone, e-mail, website and the account link come from the record and can change;
/// the address, number, mobile and title are derived from the index and stay as generated.
/// </summary>
public static class ServiceNowRecord
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>ServiceNow field → the simulator field it is stored in, for the fields a change may set.</summary>
    public static readonly IReadOnlyDictionary<string, string> AccountChangeable = new Dictionary<string, string>
    {
        ["name"] = "name", ["phone"] = "telephone", ["website"] = "website",
    };

    public static readonly IReadOnlyDictionary<string, string> ContactChangeable = new Dictionary<string, string>
    {
        ["first_name"] = "firstName", ["last_name"] = "lastName", ["email"] = "email", ["phone"] = "phone", ["account"] = SimEntities.AccountIdField,
    };

    private static readonly string[] Cities = ["Seattle", "Berlin", "Lyon", "Osaka", "Toronto", "Austin", "Porto", "Oslo"];
    private static readonly string[] Countries = ["USA", "Germany", "France", "Japan", "Canada", "USA", "Portugal", "Norway"];
    private static readonly string[] Titles = ["Analyst", "Engineer", "Buyer", "Director", ""];

    public static IReadOnlyDictionary<string, string> Changeable(SimEntity entity) => entity == SimEntity.Account ? AccountChangeable : ContactChangeable;

    /// <summary>The record's fields in the Table API's order; <paramref name="referenceLink"/> makes the account link an object.</summary>
    public static List<KeyValuePair<string, object>> Fields(SimRecord record, string baseUrl, bool referenceLink)
    {
        var fields = new List<KeyValuePair<string, object>> { new("sys_id", SysIds.Of(record.Entity, record.Index)) };
        if (record.Entity == SimEntity.Account)
        {
            var place = record.Index % Cities.Length;
            fields.AddRange(
            [
                new("number", "ACC" + record.Index.ToString("D7", CultureInfo.InvariantCulture)),
                new("name", record["name"] ?? ""),
                new("phone", record["telephone"] ?? ""),
                new("website", record["website"] ?? ""),
                new("street", $"{record.Index % 997 + 1} Harbor Street"),
                new("city", Cities[place]),
                new("zip", (10000 + record.Index % 89999).ToString(CultureInfo.InvariantCulture)),
                new("country", Countries[place]),
            ]);
        }
        else
        {
            var account = record[SimEntities.AccountIdField] is { } accountId && SimEntity.Account.TryParseId(accountId, out var accountIndex)
                ? SysIds.Of(SimEntity.Account, accountIndex.Value)
                : "";
            fields.AddRange(
            [
                new("first_name", record["firstName"] ?? ""),
                new("last_name", record["lastName"] ?? ""),
                new("name", $"{record["firstName"]} {record["lastName"]}".Trim()),
                new("email", record["email"] ?? ""),
                new("phone", record["phone"] ?? ""),
                new("mobile_phone", "+1 555 " + (1_000_000 + record.Index % 8_999_999).ToString("000 0000", CultureInfo.InvariantCulture)),
                new("title", Titles[record.Index % Titles.Length]),
                new("account", referenceLink && account != "" ? new ReferenceLink($"{baseUrl}/api/now/table/{ServiceNowTables.Account}/{account}", account) : account),
            ]);
        }

        fields.AddRange(
        [
            new("sys_created_on", Time(SimRecord.Epoch)),
            new("sys_updated_on", Time(record.ChangedAt ?? SimRecord.Epoch)),
            new("sys_mod_count", (record.Version - 1).ToString(CultureInfo.InvariantCulture)),
            new("sys_class_name", record.Entity.TableOf()),
        ]);
        return fields;
    }

    /// <summary>The fields as plain strings (references as sys_ids), as a business rule's getValue reads them.</summary>
    public static Dictionary<string, string> Values(SimRecord record) =>
        Fields(record, "", referenceLink: false).ToDictionary(field => field.Key, field => (string)field.Value);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}

/// <summary>A reference field without sysparm_exclude_reference_link: the referenced record's API URL and its sys_id.</summary>
public sealed record ReferenceLink(string Link, string Value);
