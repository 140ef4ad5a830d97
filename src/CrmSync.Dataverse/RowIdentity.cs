using System.Security.Cryptography;
using System.Text;

namespace CrmSync.Dataverse;

/// <summary>
/// A row's primary key derived from (msdyn_source_crm, msdyn_source_crm_id), so every write is an
/// idempotent upsert by id and a contact binds its account without a look-up (DESIGN.md §1).
/// </summary>
public static class RowIdentity
{
    /// <summary>Fixed forever: changing it would orphan every row already written.</summary>
    private static readonly Guid Namespace = new("5b7f3c1e-2a4d-4e8f-9c61-0d3a7e2b9f14");

    /// <param name="sourceIdIsRowId">True for sources whose ids are already GUIDs that Microsoft's flows
    /// use as row ids (ServiceNow's sys_id), so rows they made are the same rows.</param>
    public static Guid For(int sourceCrmValue, string sourceId, bool sourceIdIsRowId = false)
    {
        if (sourceIdIsRowId && Guid.TryParse(sourceId, out var rowId))
        {
            return rowId;
        }

        return NameBased(Namespace, $"{sourceCrmValue}:{sourceId}");
    }

    /// <summary>An RFC 9562 version 5 (SHA-1, name-based) UUID.</summary>
    public static Guid NameBased(Guid namespaceId, string name)
    {
        Span<byte> input = stackalloc byte[16];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        input.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}

/// <summary>How one source's records become rows: its msdyn_source_crm value, and whether its ids are row ids already.</summary>
public readonly record struct SourceRows(int SourceCrmValue, bool SourceIdIsRowId)
{
    public Guid RowId(string sourceId) => RowIdentity.For(SourceCrmValue, sourceId, SourceIdIsRowId);
}
