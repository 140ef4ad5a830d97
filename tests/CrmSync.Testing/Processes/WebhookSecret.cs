using System.Security.Cryptography;

namespace CrmSync.Testing.Processes;

public static class WebhookSecret
{
    /// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string Generate() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
