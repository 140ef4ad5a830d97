using System.Security.Cryptography;
using System.Text;

namespace CrmSync.Testing.ServiceNow;

/// <summary>
/// (Glide)CertificateEncryption.generateMac as ServiceNow documents it: the key is given in base64, the algorithm by
/// its Java name, and the MAC comes back in base64. Only HmacSHA256 is needed; the other documented names are refused
/// here so a script that asks for them fails its test.
/// </summary>
public sealed class CertificateEncryptionFake
{
    public string GenerateMac(string base64Key, string algorithm, string data)
    {
        if (algorithm != "HmacSHA256")
        {
            throw new ArgumentException($"The fake computes HmacSHA256 only, not '{algorithm}'.", nameof(algorithm));
        }

        return Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(data)));
    }
}
