using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

public sealed class WebhookSecretTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    private readonly TempDirectory _data = new();

    [Fact]
    public void GeneratesAStandardWebhooksSecretOf32RandomBytesWhenThereIsNone()
    {
        var secret = WebhookSecret.Resolve(_data.Path, NoEnvironment);

        Assert.Equal(WebhookSecretOrigin.Generated, secret.Origin);
        Assert.StartsWith("whsec_", secret.Value);
        Assert.Equal(32, Convert.FromBase64String(secret.Value["whsec_".Length..]).Length);
    }

    [Fact]
    public void KeepsTheGeneratedSecretInTheDataDirectory()
    {
        var secret = WebhookSecret.Resolve(_data.Path, NoEnvironment);

        var path = Path.Combine(_data.Path, "generic-webhook-secret");
        Assert.Equal(path, secret.FilePath);
        Assert.Equal(secret.Value, File.ReadAllText(path).Trim());
    }

    [Fact]
    public void CreatesAMissingDataDirectory()
    {
        var dataDirectory = Path.Combine(_data.Path, "not", "yet");

        var secret = WebhookSecret.Resolve(dataDirectory, NoEnvironment);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "generic-webhook-secret")));
        Assert.Equal(WebhookSecretOrigin.Generated, secret.Origin);
    }

    [Fact]
    public void ReusesTheKeptSecretOnLaterRuns()
    {
        var first = WebhookSecret.Resolve(_data.Path, NoEnvironment);

        var second = WebhookSecret.Resolve(_data.Path, NoEnvironment);

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(WebhookSecretOrigin.SavedFile, second.Origin);
    }

    [Fact]
    public void TheAppHostsOwnSecretWinsAndNothingIsKept()
    {
        var environment = new Dictionary<string, string> { ["CrmSync__Sources__generic__Secret"] = "whsec_b3duIHNlY3JldA==" };

        var secret = WebhookSecret.Resolve(_data.Path, environment);

        Assert.Equal("whsec_b3duIHNlY3JldA==", secret.Value);
        Assert.Equal(WebhookSecretOrigin.Environment, secret.Origin);
        Assert.False(File.Exists(Path.Combine(_data.Path, "generic-webhook-secret")));
    }

    [Fact]
    public void EachGeneratedSecretIsDifferent()
    {
        Assert.NotEqual(WebhookSecret.Generate(), WebhookSecret.Generate());
    }

    [Fact]
    public void KeptSecretIsReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var secret = WebhookSecret.Resolve(_data.Path, NoEnvironment);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret.FilePath!));
    }

    [Fact]
    public void ACorruptKeptSecretIsAnErrorThatSaysHowToFixIt()
    {
        var path = Path.Combine(_data.Path, "generic-webhook-secret");
        File.WriteAllText(path, "hunter2");

        var error = Assert.Throws<AppHostException>(() => WebhookSecret.Resolve(_data.Path, NoEnvironment));

        Assert.Contains(path, error.Message);
        Assert.Contains("delete it", error.Message);
    }

    public void Dispose() => _data.Dispose();
}
