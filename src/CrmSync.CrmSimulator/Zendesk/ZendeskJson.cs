using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Zendesk;

/// <summary>
/// Users and organizations as Zendesk's API returns them (integer ids, a user's single <c>name</c>, <c>updated_at</c>),
/// and the shorter <c>detail</c> its webhook events carry: string ids, "0" for none, no name or phone.
/// </summary>
public static class ZendeskJson
{
    /// <param name="deleted">As the incremental export lists a deleted record: a user inactive, an organization with <c>deleted_at</c>.</param>
    public static void Write(Utf8JsonWriter writer, SimRecord record, string root, bool deleted = false)
    {
        var id = ZendeskIds.Of(record);
        writer.WriteStartObject();
        writer.WriteNumber("id", id);
        if (record.Entity == SimEntity.Account)
        {
            writer.WriteString("url", $"{root}/api/v2/organizations/{id}.json");
            writer.WriteString("name", record["name"]);
            writer.WriteStartArray("domain_names");
            if (record["website"] is { } website && Uri.TryCreate(website, UriKind.Absolute, out var site))
            {
                writer.WriteStringValue(site.Host);
            }

            writer.WriteEndArray();
            writer.WriteString("details", record["telephone"]);
            writer.WriteNull("notes");
            if (deleted)
            {
                writer.WriteString("deleted_at", ZendeskIds.Time(record.UpdatedAt));
            }
            else
            {
                writer.WriteNull("deleted_at");
            }
        }
        else
        {
            writer.WriteString("url", $"{root}/api/v2/users/{id}.json");
            writer.WriteString("name", $"{record["firstName"]} {record["lastName"]}".Trim());
            writer.WriteString("email", record["email"]);
            writer.WriteString("phone", record["phone"]);
            if (ZendeskIds.OfSimulatorId(SimEntity.Account, record[SimEntities.AccountIdField]) is { } organization)
            {
                writer.WriteNumber("organization_id", organization);
            }
            else
            {
                writer.WriteNull("organization_id");
            }

            writer.WriteString("role", "end-user");
            writer.WriteBoolean("active", !deleted);
            writer.WriteNull("notes");
        }

        writer.WriteString("external_id", record.Id);
        writer.WriteString("created_at", ZendeskIds.Time(SimRecord.Epoch));
        writer.WriteString("updated_at", ZendeskIds.Time(record.UpdatedAt));
        writer.WriteEndObject();
    }

    /// <param name="updatedAt">The record's time in the event: a delete's own, later than the record's last change.</param>
    public static void WriteDetail(Utf8JsonWriter writer, SimRecord record, DateTimeOffset updatedAt)
    {
        writer.WriteStartObject("detail");
        writer.WriteString("created_at", ZendeskIds.Time(SimRecord.Epoch));
        writer.WriteString("external_id", record.Id);
        writer.WriteString("id", ZendeskIds.Of(record).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (record.Entity == SimEntity.Account)
        {
            writer.WriteString("name", record["name"]);
            writer.WriteNull("group_id");
            writer.WriteBoolean("shared_comments", false);
            writer.WriteBoolean("shared_tickets", false);
        }
        else
        {
            var organization = ZendeskIds.OfSimulatorId(SimEntity.Account, record[SimEntities.AccountIdField]);
            writer.WriteString("email", record["email"]);
            writer.WriteString("default_group_id", "0");
            writer.WriteString("organization_id", organization?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0");
            writer.WriteString("role", "end-user");
        }

        writer.WriteString("updated_at", ZendeskIds.Time(updatedAt));
        writer.WriteEndObject();
    }
}
