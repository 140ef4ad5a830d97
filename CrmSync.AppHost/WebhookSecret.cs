using System.Security.Cryptography;

namespace CrmSync.AppHost;

public enum WebhookSecretOrigin
{
    Environment,
    SavedFile,
    Generated,
}

/// <summary>
/// The generic source's webhook secret: the AppHost's own when its environment has one, otherwise a development
/// secret generated once and kept in the data directory, so senders configured with it keep working across runs.
/// </summary>
/// <param name="FilePath">Where it is kept, unless it came from the environment.</param>
public sealed record WebhookSecret(string Value, WebhookSecretOrigin Origin, string? FilePath)
{
    public const string EnvironmentVariable = "CrmSync__Sources__generic__Secret";
    public const string FileName = "generic-webhook-secret";

    private const string Prefix = "whsec_";
    private const int KeyBytes = 32;

    public static WebhookSecret Resolve(string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var fromEnvironment = environment
            .FirstOrDefault(variable => string.Equals(variable.Key, EnvironmentVariable, StringComparison.OrdinalIgnoreCase)).Value;
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new WebhookSecret(fromEnvironment, WebhookSecretOrigin.Environment, null);
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return new WebhookSecret(ReadSaved(path), WebhookSecretOrigin.SavedFile, path);
        }

        var generated = Generate();
        Save(path, generated);
        return new WebhookSecret(generated, WebhookSecretOrigin.Generated, path);
    }

    /// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public string Describe() => Origin switch
    {
        WebhookSecretOrigin.Environment => $"from {EnvironmentVariable}",
        WebhookSecretOrigin.SavedFile => $"kept in {FilePath}",
        _ => $"generated and kept in {FilePath}",
    };

    private static string ReadSaved(string path)
    {
        var saved = File.ReadAllText(path).Trim();
        return saved.StartsWith(Prefix, StringComparison.Ordinal) && IsBase64(saved[Prefix.Length..])
            ? saved
            : throw new AppHostException($"{path} does not hold a webhook secret ('{Prefix}' and base64); delete it and the AppHost will generate a new one.");
    }

    private static bool IsBase64(string text) =>
        text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static void Save(string path, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // A secret: readable by its owner only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.WriteLine(secret);
    }
}
