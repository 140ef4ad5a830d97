namespace CrmSync.CrmSimulator.Data;

/// <summary>
/// One record as the CRM holds it now. <see cref="Values"/> follow the entity's field list and are never
/// changed in place: a change makes a new record.
/// </summary>
public sealed record SimRecord(SimEntity Entity, int Index, IReadOnlyList<string?> Values, long Version)
{
    /// <summary>Version 1's updatedAt; each later version is one second on, so updatedAt orders changes as version does.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Id => Entity.IdOf(Index);

    /// <summary>When the record last changed by the wall clock (null while it is as generated); ServiceNow's sys_updated_on.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    public DateTimeOffset UpdatedAt => Epoch.AddSeconds(Version - 1);

    public string? this[string field] => Values[IndexOf(Entity, field)];

    public SimRecord With(IReadOnlyDictionary<string, string?> changes)
    {
        var values = Values.ToArray();
        foreach (var (field, value) in changes)
        {
            values[IndexOf(Entity, field)] = value;
        }

        return this with { Values = values, Version = Version + 1 };
    }

    private static int IndexOf(SimEntity entity, string field)
    {
        var fields = entity.Fields();
        for (var index = 0; index < fields.Count; index++)
        {
            if (fields[index] == field)
            {
                return index;
            }
        }

        throw new ArgumentException($"This {entity.Singular()} has no field '{field}'.", nameof(field));
    }
}
