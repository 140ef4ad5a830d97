using System.Text.RegularExpressions;
using System.Diagnostics;
using System.Reflection;
using CrmSync.Testing.Processes;

namespace CrmSync.AppHost.Tests;

/// <summary>The manifest that Aspire's own publisher writes for the cloud deployment, committed beside the AppHost.</summary>
public sealed partial class ManifestTests : IClassFixture<ManifestTests.Published>
{
    private const string PublishCommand = "dotnet run --project CrmSync.AppHost -- --publisher manifest --output-path aspire-manifest.json";

    private static readonly string CommittedPath = Path.Combine(ProjectPaths.RepositoryRoot, "CrmSync.AppHost", "aspire-manifest.json");

    private readonly Published _published;

    public ManifestTests(Published published) => _published = published;

    [Fact]
    public void TheCommittedManifestIsWhatAspiresPublisherWritesNow()
    {
        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; write it with: {PublishCommand}");

        Assert.True(
            File.ReadAllText(CommittedPath) == _published.Text,
            $"{CommittedPath} is not what Aspire's publisher writes now; write it again with: {PublishCommand}");
    }

    [AspireSchemaFact]
    public void TheManifestIsValidAgainstAspiresSchema()
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(AspireSchemaFactAttribute.SchemaPath))!);

        Assert.Empty(validator.Validate(_published.Manifest));
    }

    [AspireSchemaFact]
    public void TheSchemaCheckWouldCatchAWrongResource()
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(AspireSchemaFactAttribute.SchemaPath))!);
        var manifest = _published.Manifest;
        manifest["resources"]!["silo"]!["bindings"]!["orleans-silo"]!["transport"] = 42;

        Assert.NotEmpty(validator.Validate(manifest));
    }

    [Fact]
    public void RedisIsAContainerWithItsPasswordAParameter()
    {
        var redis = Resource("redis");

        Assert.Equal("container.v0", (string?)redis["type"]);
        Assert.StartsWith("docker.io/library/redis:", (string?)redis["image"]);
        Assert.Equal("{redis-password.value}", (string?)redis["env"]!["REDIS_PASSWORD"]);
    }

    [Fact]
    public void TheSiloTakesOrleansOnRedisFromAspiresOrleansIntegration()
    {
        var silo = Resource("silo");
        var env = silo["env"]!;

        Assert.Equal("project.v0", (string?)silo["type"]);
        Assert.Equal("../src/CrmSync.Silo/CrmSync.Silo.csproj", (string?)silo["path"]);
        Assert.Equal("Redis", (string?)env["Orleans__Clustering__ProviderType"]);
        Assert.Equal("redis", (string?)env["Orleans__Clustering__ServiceKey"]);
        Assert.Equal("Redis", (string?)env["Orleans__GrainStorage__records__ProviderType"]);
        Assert.Equal("Redis", (string?)env["Orleans__Reminders__ProviderType"]);
        Assert.Equal("{redis.connectionString}", (string?)env["ConnectionStrings__redis"]);
        Assert.Equal("{silo.bindings.orleans-silo.targetPort}", (string?)env["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("{dataverse.connectionString}", (string?)env["ConnectionStrings__dataverse"]);
        Assert.NotNull(silo["bindings"]!["orleans-gateway"]);
    }

    [Fact]
    public void TheGatewayIsExternalOverHttpAndAnOrleansClient()
    {
        var gateway = Resource("gateway");
        var env = gateway["env"]!;

        Assert.True((bool?)gateway["bindings"]!["http"]!["external"]);
        Assert.Equal("http", (string?)gateway["bindings"]!["http"]!["scheme"]);
        Assert.Equal("Redis", (string?)env["Orleans__Clustering__ProviderType"]);
        Assert.Null(env["Orleans__GrainStorage__records__ProviderType"]);
        Assert.Equal("{generic-webhook-secret.value}", (string?)env["CrmSync__Sources__generic__Secret"]);
        Assert.Equal("{admin-api-key.value}", (string?)env["CrmSync__AdminApiKey"]);
    }

    [Theory]
    [InlineData("dataverse")]
    [InlineData("generic-webhook-secret")]
    [InlineData("admin-api-key")]
    public void SecretsAreSecretParameters(string name)
    {
        var parameter = Resource(name);

        Assert.Equal("parameter.v0", (string?)parameter["type"]);
        Assert.True((bool?)parameter["inputs"]!["value"]!["secret"]);
    }

    /// <summary>
    /// docs/security.md: a credential reaches a service only through a secret parameter, which the dashboard and every
    /// deployment tool mask. Every variable that carries one names only such parameters, directly or through a
    /// connection string, and holds no literal credential.
    /// </summary>
    [Fact]
    public void EveryCredentialAServiceGetsComesFromSecretParameters()
    {
        var resources = _published.Manifest["resources"]!.AsObject();
        var credentials = resources
            .SelectMany(resource => resource.Value!["env"]?.AsObject().Select(variable => (Resource: resource.Key, Name: variable.Key, Value: (string)variable.Value!)) ?? [])
            .Where(variable => CredentialName().IsMatch(variable.Name))
            .ToList();
        Assert.Contains(credentials, variable => variable.Name == "CrmSync__Sources__generic__Secret");

        foreach (var (resource, name, value) in credentials)
        {
            var parameters = SecretsBehind(value, resources, depth: 0).ToList();
            Assert.True(parameters.Count > 0, $"{resource}'s {name} = '{value}' names no parameter.");
            Assert.All(parameters, parameter => Assert.True(
                (bool?)resources[parameter]?["inputs"]?["value"]?["secret"] == true,
                $"{resource}'s {name} takes parameter '{parameter}', which is not secret."));
        }
    }

    /// <summary>The parameters an expression names, following connection strings and derived values to their parameters.</summary>
    private static IEnumerable<string> SecretsBehind(string expression, JsonObject resources, int depth)
    {
        foreach (Match reference in Reference().Matches(expression))
        {
            var name = reference.Groups[1].Value;
            var resource = resources[name];
            if ((string?)resource?["type"] == "parameter.v0")
            {
                yield return name;
            }
            else if (depth < 4 && resource?["connectionString"] is { } connection && reference.Groups[2].Value == "connectionString")
            {
                foreach (var parameter in SecretsBehind((string)connection!, resources, depth + 1))
                {
                    yield return parameter;
                }
            }
            else if (depth < 4 && (string?)resource?["type"] == "annotated.string" && name.EndsWith("-uri-encoded", StringComparison.Ordinal))
            {
                // Aspire's URI-encoded copy of a parameter: the parameter it encodes is what counts.
                yield return name[..^"-uri-encoded".Length];
            }
        }
    }

    [GeneratedRegex(@"Secret|Password|PASSWORD|ApiKey|Token|WebhookKey|^ConnectionStrings__|_URI$")]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"\{([A-Za-z0-9-]+)\.(value|connectionString)\}")]
    private static partial Regex Reference();

    [Fact]
    public void TheEmulatorAndTheDevelopmentSecretStayOutOfTheManifest()
    {
        Assert.DoesNotContain("CrmSync.DataverseEmulator", _published.Text);
        Assert.DoesNotContain("whsec_", _published.Text);
        Assert.DoesNotContain("silostate", _published.Text);
    }

    private JsonNode Resource(string name) =>
        _published.Manifest["resources"]![name] ?? throw new Xunit.Sdk.XunitException($"The manifest has no resource '{name}'.");

    /// <summary>
    /// The manifest as the command in the README writes it: the built AppHost run with Aspire's publisher, writing next to
    /// the committed one (Aspire writes project paths relative to the manifest's folder) under another name.
    /// </summary>
    public sealed class Published : IDisposable
    {
        private readonly string _path = Path.Combine(ProjectPaths.RepositoryRoot, "CrmSync.AppHost", $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");

        public Published()
        {
            var configuration = typeof(Published).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "run", "--project", Path.Combine(ProjectPaths.RepositoryRoot, "CrmSync.AppHost"), "--no-build", "-c", configuration,
                    "--", "--publisher", "manifest", "--output-path", Path.GetFileName(_path),
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
            }

            Text = File.Exists(_path)
                ? File.ReadAllText(_path)
                : throw new InvalidOperationException($"The publisher wrote no manifest (exit {process.ExitCode}):\n{output.Result}\n{error.Result}");
        }

        public string Text { get; }

        /// <summary>A fresh copy each time, for a test to alter.</summary>
        public JsonNode Manifest => JsonNode.Parse(Text)!;

        public void Dispose() => File.Delete(_path);
    }
}
