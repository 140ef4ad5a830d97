using System.Text.Json.Nodes;
using CrmSync.AppHost.Manifest;
using CrmSync.AppHost.Tests.Support;

namespace CrmSync.AppHost.Tests;

public sealed class ManifestTests
{
    private const string PublishCommand = "dotnet run --project CrmSync.AppHost -- --publisher manifest --output-path aspire-manifest.json";

    private static readonly string CommittedPath = Path.Combine(ProjectPaths.RepositoryRoot, "aspire-manifest.json");

    [Fact]
    public void TheCommittedManifestIsWhatThePublisherWritesNow()
    {
        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; write it with: {PublishCommand}");
        var committed = File.ReadAllText(CommittedPath);

        Assert.True(
            committed == ManifestPublisher.Render(ProjectPaths.RepositoryRoot),
            $"{CommittedPath} is not what the publisher writes now; write it again with: {PublishCommand}");
    }

    [AspireSchemaFact]
    public void TheManifestIsValidAgainstAspiresSchema()
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(AspireSchemaFactAttribute.SchemaPath))!);

        Assert.Empty(validator.Validate(Manifest()));
    }

    [AspireSchemaFact]
    public void TheSchemaCheckWouldCatchAWrongResource()
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(AspireSchemaFactAttribute.SchemaPath))!);
        var manifest = Manifest();
        manifest["resources"]!["silo"]!["bindings"]!["orleans-silo"]!["transport"] = "grpc";

        Assert.NotEmpty(validator.Validate(manifest));
    }

    [Fact]
    public void ProjectPathsAreRelativeToTheManifestsDirectory()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "deploy", "aspire-manifest.json");

        ManifestPublisher.Publish(path);

        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var siloPath = (string)manifest["resources"]!["silo"]!["path"]!;
        Assert.False(Path.IsPathRooted(siloPath));
        Assert.Equal(ProjectPaths.SiloProject, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, siloPath)));
        Assert.Equal("src/CrmSync.Gateway/CrmSync.Gateway.csproj", (string)Manifest()["resources"]!["gateway"]!["path"]!);
    }

    [Fact]
    public void TheSiloGetsOrleansOnRedisAndDataverseAsAspiresOrleansIntegrationWritesThem()
    {
        var env = Resource("silo")["env"]!;

        Assert.Equal("Redis", (string?)env["Orleans__Clustering__ProviderType"]);
        Assert.Equal("redis", (string?)env["Orleans__Clustering__ServiceKey"]);
        Assert.Equal("{redis.connectionString}", (string?)env["ConnectionStrings__redis"]);
        Assert.Equal("Redis", (string?)env["Orleans__GrainStorage__records__ProviderType"]);
        Assert.Equal("redis", (string?)env["Orleans__Reminders__ServiceKey"]);
        Assert.Equal("{orleans-cluster-id.value}", (string?)env["Orleans__ClusterId"]);
        Assert.Equal("{silo.bindings.orleans-silo.targetPort}", (string?)env["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("{silo.bindings.orleans-gateway.targetPort}", (string?)env["Orleans__Endpoints__GatewayPort"]);
        Assert.Equal("{dataverse.connectionString}", (string?)env["ConnectionStrings__dataverse"]);
        Assert.Equal(["http", "orleans-silo", "orleans-gateway"], Resource("silo")["bindings"]!.AsObject().Select(binding => binding.Key));
    }

    [Fact]
    public void TheGatewayIsAnExternalOrleansClientWithTheWebhookSecret()
    {
        var gateway = Resource("gateway");
        var env = gateway["env"]!.AsObject();

        Assert.True((bool)gateway["bindings"]!["http"]!["external"]!);
        Assert.Equal("Redis", (string?)env["Orleans__Clustering__ProviderType"]);
        Assert.Equal("{generic-webhook-secret.value}", (string?)env["CrmSync__Sources__generic__Secret"]);
        Assert.DoesNotContain(env, variable => variable.Key.StartsWith("Orleans__GrainStorage") || variable.Key.StartsWith("Orleans__Endpoints"));
    }

    [Theory]
    [InlineData("dataverse", true)]
    [InlineData("generic-webhook-secret", true)]
    [InlineData("redis-password", true)]
    [InlineData("orleans-cluster-id", false)]
    [InlineData("orleans-service-id", false)]
    public void ParametersAreSecretWhereTheyHoldSecrets(string name, bool secret)
    {
        var input = Resource(name)["inputs"]!["value"]!;

        Assert.Equal("parameter.v0", (string?)Resource(name)["type"]);
        Assert.Equal(secret, (bool?)input["secret"] ?? false);
    }

    [Fact]
    public void RedisKeepsAnAppendOnlyFileOnItsVolume()
    {
        var redis = Resource("redis");

        Assert.Equal("container.v0", (string?)redis["type"]);
        Assert.Contains("--appendonly yes --appendfsync always", (string)redis["args"]![1]!);
        Assert.Equal("/data", (string?)redis["volumes"]![0]!["target"]);
    }

    private static JsonObject Manifest() => JsonNode.Parse(ManifestPublisher.Render(ProjectPaths.RepositoryRoot))!.AsObject();

    private static JsonNode Resource(string name) => Manifest()["resources"]![name]!;
}
