using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CrmSync.CrmSimulator.Data;

public enum SimEntity
{
    Account,
    Contact,
}

/// <summary>Names, id prefixes and field lists of the two entities the simulator serves.</summary>
public static class SimEntities
{
    public static readonly IReadOnlyList<string> AccountFields = ["name", "telephone", "email", "website"];

    public static readonly IReadOnlyList<string> ContactFields = ["firstName", "lastName", "email", "phone", "accountId"];

    public const string AccountIdField = "accountId";

    /// <summary>Accepts the plural of the API paths (<c>accounts</c>) and the singular of the change log (<c>account</c>).</summary>
    public static bool TryParse(string? name, out SimEntity entity)
    {
        switch (name?.ToLowerInvariant())
        {
            case "account" or "accounts":
                entity = SimEntity.Account;
                return true;
            case "contact" or "contacts":
                entity = SimEntity.Contact;
                return true;
            default:
                entity = default;
                return false;
        }
    }

    public static string Plural(this SimEntity entity) => entity == SimEntity.Account ? "accounts" : "contacts";

    public static string Singular(this SimEntity entity) => entity == SimEntity.Account ? "account" : "contact";

    public static IReadOnlyList<string> Fields(this SimEntity entity) => entity == SimEntity.Account ? AccountFields : ContactFields;

    public static string IdOf(this SimEntity entity, int index) =>
        (entity == SimEntity.Account ? "A" : "C") + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The 1-based index an id names, whether or not the data set is that large.</summary>
    public static bool TryParseId(this SimEntity entity, string id, [NotNullWhen(true)] out int? index)
    {
        index = null;
        var prefix = entity == SimEntity.Account ? 'A' : 'C';
        if (id.Length != 8 || id[0] != prefix ||
            !int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        index = parsed;
        return true;
    }
}
