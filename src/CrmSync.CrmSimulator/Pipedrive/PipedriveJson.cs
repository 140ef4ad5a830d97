using System.Globalization;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Pipedrive;

/// <summary>
/// Persons and organizations as Pipedrive's API v2 returns them and webhooks v2 carry them in <c>data</c>: integer ids
/// (the simulator's index), a person's <c>emails</c> and <c>phones</c> arrays, <c>org_id</c>, and RFC 3339 times.
/// </summary>
public static class PipedriveJson
{
    public static int Id(SimRecord record) => record.Index;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void Write(Utf8JsonWriter writer, SimRecord record)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", Id(record));
        if (record.Entity == SimEntity.Account)
        {
            writer.WriteString("name", record["name"]);
            writer.WriteNull("address");
        }
        else
        {
            writer.WriteString("name", $"{record["firstName"]} {record["lastName"]}".Trim());
            writer.WriteString("first_name", record["firstName"]);
            writer.WriteString("last_name", record["lastName"]);
            WriteList(writer, "emails", record["email"]);
            WriteList(writer, "phones", record["phone"]);
            if (record[SimEntities.AccountIdField] is { } account && SimEntity.Account.TryParseId(account, out var index))
            {
                writer.WriteNumber("org_id", index.Value);
            }
            else
            {
                writer.WriteNull("org_id");
            }
        }

        writer.WriteNumber("owner_id", 1);
        writer.WriteString("add_time", Time(SimRecord.Epoch));
        writer.WriteString("update_time", Time(record.UpdatedAt));
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, string? value)
    {
        writer.WriteStartArray(name);
        if (value is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("value", value);
            writer.WriteBoolean("primary", true);
            writer.WriteString("label", "work");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
