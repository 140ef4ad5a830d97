using System.Security.Cryptography;
using System.Text;

namespace CrmSync.DataverseEmulator.Api.Metadata;

/// <summary>MetadataId values derived from names, so every emulator start and every instance reports the same ids.</summary>
public static class MetadataIds
{
    public static Guid For(params string[] names)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("crmsync-emulator-metadata:" + string.Join('/', names)));
        return new Guid(hash.AsSpan(0, 16));
    }
}
