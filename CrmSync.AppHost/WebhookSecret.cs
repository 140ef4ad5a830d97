using System.Security.Cryptography;

namespace CrmSync.AppHost;

/// <summary>
/// The generic source's webhook secret on a developer's machine: the parameter's value when configured
/// (<c>Parameters__generic-webhook-secret</c>, user secrets), otherwise a secret generated once and kept in the data
/// directory, so that senders configured with it keep working across runs.
/// </summary>
public static class DevelopmentWebhookSecret
{
    public const string FileName = "generic-webhook-secret";

    private const string Prefix = "whsec_";

    /// <summary>Where the secret came from, for the start-up summary.</summary>
    public static string Origin { get; private set; } = "";

    public static void Provide(IDistributedApplicationBuilder builder, string parameter, string dataDirectory)
    {
        var key = $"Parameters:{parameter}";
        if (!string.IsNullOrWhiteSpace(builder.Configuration[key]))
        {
            Origin = $"from the parameter {parameter}";
            return;
        }

        var path = Path.Combine(dataDirectory, FileName);
        Origin = File.Exists(path) ? $"kept in {path}" : $"generated and kept in {path}";
        builder.Configuration[key] = File.Exists(path) ? ReadSaved(path) : Save(path, Generate());
    }

    /// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string ReadSaved(string path)
    {
        var saved = File.ReadAllText(path).Trim();
        return saved.StartsWith(Prefix, StringComparison.Ordinal) && Convert.TryFromBase64String(saved[Prefix.Length..], new byte[saved.Length], out _)
            ? saved
            : throw new InvalidOperationException($"{path} does not hold a webhook secret ('{Prefix}' and base64); delete it and the AppHost will generate a new one.");
    }

    private static string Save(string path, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.WriteLine(secret);
        return secret;
    }
}
