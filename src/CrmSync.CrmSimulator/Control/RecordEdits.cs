using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Control;

/// <summary>One edit of a CRM's control endpoint, in the simulator's ids: change fields, delete, or (Pipedrive) merge into another record.</summary>
public sealed record EditRequest(string? Entity, string? Id, string? Action, Dictionary<string, string?>? Fields, string? Into);

/// <summary>What an edit did: the record before and after; for a delete, the delete's version; for a merge, the survivor after.</summary>
public sealed record EditResult(string Action, SimRecord Before, SimRecord After, long? DeletedVersion, SimRecord? Survivor);

/// <summary>Applies the edits a CRM's control endpoint is sent, so each kind only words the notifications they cause.</summary>
public static class RecordEdits
{
    public static (EditResult? Result, string? Problem) Apply(EditRequest edit, RecordStore store, bool mergeAllowed)
    {
        if (!SimEntities.TryParse(edit.Entity, out var entity) || edit.Id is null || store.Find(entity, edit.Id) is not { } before)
        {
            return (null, $"There is no {edit.Entity} '{edit.Id}' to edit; name an existing account (A0000001) or contact (C0000001).");
        }

        switch (edit.Action)
        {
            case "change":
                if (edit.Fields is not { Count: > 0 } fields)
                {
                    return (null, $"A change names at least one field of the {entity.Singular()}: some of {string.Join(", ", entity.Fields())}.");
                }

                if (fields.Keys.FirstOrDefault(f => !entity.Fields().Contains(f)) is { } unknown)
                {
                    return (null, $"The {entity.Singular()} has no field '{unknown}'; change some of {string.Join(", ", entity.Fields())}.");
                }

                if (fields.TryGetValue(SimEntities.AccountIdField, out var account) && account is not null
                    && store.Find(SimEntity.Account, account) is null)
                {
                    return (null, $"There is no account '{account}' for the contact to belong to; name an existing one or null.");
                }

                return (new EditResult("change", before, store.Change(entity, before.Index, fields), null, null), null);
            case "delete":
                return (new EditResult("delete", before, before, store.Delete(entity, before.Index)!.Version + 1, null), null);
            case "merge" when mergeAllowed:
                if (edit.Into is null || edit.Into == edit.Id || store.Find(entity, edit.Into) is not { } into)
                {
                    return (null, $"A merge names the surviving {entity.Singular()} in \"into\", an existing one other than '{edit.Id}'.");
                }

                var survivor = store.Change(entity, into.Index, new Dictionary<string, string?>());
                return (new EditResult("merge", before, before, store.Delete(entity, before.Index)!.Version + 1, survivor), null);
            default:
                return (null, $"action must be change or delete{(mergeAllowed ? " or merge" : "")}.");
        }
    }
}
