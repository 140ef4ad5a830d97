using CrmSync.CrmSimulator.Data;
using CrmSync.CrmSimulator.Paging;

namespace CrmSync.CrmSimulator.ServiceNow;

/// <summary>How a request wants records written: only the <c>sysparm_fields</c> it names, references as links or as plain sys_ids.</summary>
public sealed record RecordShape(IReadOnlySet<string>? Fields, bool ReferenceLinks)
{
    public static RecordShape From(IQueryCollection query)
    {
        var fields = query["sysparm_fields"].ToString();
        return new RecordShape(
            fields.Length == 0 ? null : fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            !PageParameters.Flag(query, "sysparm_exclude_reference_link"));
    }

    /// <summary>Fields the table does not have are left out, as ServiceNow leaves them out.</summary>
    public void Write(Utf8JsonWriter writer, SimRecord record, string baseUrl)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in ServiceNowRecord.Fields(record, baseUrl, ReferenceLinks))
        {
            if (Fields is not null && !Fields.Contains(name))
            {
                continue;
            }

            if (value is ReferenceLink reference)
            {
                writer.WriteStartObject(name);
                writer.WriteString("link", reference.Link);
                writer.WriteString("value", reference.Value);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString(name, (string)value);
            }
        }

        writer.WriteEndObject();
    }
}
