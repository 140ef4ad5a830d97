using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.ServiceNow.Push;

/// <summary>Applies one ServiceNow change to the store and answers the record's values for its notification.</summary>
public static class RecordChanges
{
    /// <returns>The values the business rule reads (for a delete, the record as it was), or what is wrong.</returns>
    public static (Dictionary<string, string>? Values, string? Problem) Apply(RecordStore store, ServiceNowChange change)
    {
        ServiceNowTables.TryParse(change.Table, out var table);
        var entity = table!.Value;
        if (!SysIds.TryParse(entity, change.SysId, out var index) || !store.DataSet.Contains(entity, index.Value))
        {
            return (null, $"There is no {change.Table} with sys_id '{change.SysId}'.");
        }

        var (fields, problem) = SimulatorFields(store, entity, change.Fields ?? []);
        if (problem is not null)
        {
            return (null, problem);
        }

        var record = change.Operation switch
        {
            "delete" => store.Delete(entity, index.Value),
            "insert" => store.Revive(entity, index.Value, fields!),
            _ => store.IsDeleted(entity, index.Value) ? null : store.Change(entity, index.Value, fields!),
        };
        return record is null
            ? (null, change.Operation == "insert" ? $"{change.SysId} exists; insert revives deleted records only, so use update." : $"{change.SysId} is deleted; insert it first.")
            : (ServiceNowRecord.Values(record), null);
    }

    private static (Dictionary<string, string?>? Fields, string? Problem) SimulatorFields(RecordStore store, SimEntity entity, Dictionary<string, JsonElement> fields)
    {
        var changeable = ServiceNowRecord.Changeable(entity);
        var result = new Dictionary<string, string?>();
        foreach (var (name, value) in fields)
        {
            if (!changeable.TryGetValue(name, out var field))
            {
                return (null, $"A change may set {string.Join(", ", changeable.Keys)} of a {entity.TableOf()}, not '{name}'.");
            }

            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return (null, $"The value of '{name}' must be a string or null.");
            }

            var text = value.GetString();
            if (field == SimEntities.AccountIdField && !string.IsNullOrEmpty(text))
            {
                if (!SysIds.TryParse(SimEntity.Account, text, out var account) || store.Find(SimEntity.Account, SimEntity.Account.IdOf(account.Value)) is null)
                {
                    return (null, $"There is no customer_account '{text}' for the contact to belong to.");
                }

                text = SimEntity.Account.IdOf(account.Value);
            }

            result[field] = string.IsNullOrEmpty(text) ? null : text;
        }

        return (result, null);
    }
}
