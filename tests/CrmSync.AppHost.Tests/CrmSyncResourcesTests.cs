namespace CrmSync.AppHost.Tests;

public sealed class CrmSyncResourcesTests
{
    internal const string Secret = "whsec_dGVzdCBzZWNyZXQgdGVzdCBzZWNyZXQgdGVzdCBzZWNyZXQ=";

    internal static readonly AppHostOptions Options = new()
    {
        DataDirectory = "/data/crmsync",
        EnvironmentName = "Testing",
        DataversePort = 6090,
        SiloHttpPort = 6081,
        SiloPort = 12111,
        SiloGatewayPort = 31000,
        GatewayPort = 6080,
    };

    [Fact]
    public void ResourcesStartInOrderDataverseThenSiloThenGateway()
    {
        Assert.Equal(["dataverse", "silo", "gateway"], Specs().Select(spec => spec.Name));
    }

    [Fact]
    public void EachResourceRunsItsBuiltAssemblyFromItsOutputDirectory()
    {
        var assemblies = new[] { ProjectPaths.DataverseEmulator, ProjectPaths.Silo, ProjectPaths.Gateway };

        Assert.All(Specs().Zip(assemblies), pair =>
        {
            var (spec, assembly) = pair;
            Assert.Equal(DotnetHost.Path, spec.FileName);
            Assert.Equal([assembly], spec.Arguments);
            Assert.Equal(Path.GetDirectoryName(assembly), spec.WorkingDirectory);
        });
    }

    [Fact]
    public void EachResourceListensOnItsOwnLoopbackUrlAndIsProbedThere()
    {
        var specs = Specs();

        Assert.Equal(
            ["http://127.0.0.1:6090", "http://127.0.0.1:6081", "http://127.0.0.1:6080"],
            specs.Select(spec => spec.Environment["ASPNETCORE_URLS"]));
        Assert.Equal(
            ["http://127.0.0.1:6090/health", "http://127.0.0.1:6081/health", "http://127.0.0.1:6080/health"],
            specs.Select(spec => spec.HealthUrl!.ToString()));
    }

    [Fact]
    public void EveryPortAResourceListensOnIsCheckedBeforeItStarts()
    {
        Assert.Equal([[6090], [6081, 12111, 31000], [6080]], Specs().Select(spec => spec.Ports));
    }

    [Fact]
    public void DataverseEmulatorKeepsItsDatabaseInTheDataDirectory()
    {
        Assert.Equal("/data/crmsync/dataverse.db", Spec("dataverse")["Emulator__DatabasePath"]);
    }

    [Fact]
    public void SiloGetsItsOrleansEndpointsDataverseAndItsStateDatabase()
    {
        var silo = Spec("silo");

        Assert.Equal("crmsync", silo["Orleans__ClusterId"]);
        Assert.Equal("crmsync", silo["Orleans__ServiceId"]);
        Assert.Equal("12111", silo["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("31000", silo["Orleans__Endpoints__GatewayPort"]);
        Assert.Equal("Url=http://127.0.0.1:6090", silo["ConnectionStrings__dataverse"]);
        Assert.Equal("Data Source=/data/crmsync/silo.db", silo["ConnectionStrings__silostate"]);
    }

    [Fact]
    public void GatewayGetsTheOrleansClusterAndDataverse()
    {
        var gateway = Spec("gateway");

        Assert.Equal("crmsync", gateway["Orleans__ClusterId"]);
        Assert.Equal("crmsync", gateway["Orleans__ServiceId"]);
        Assert.Equal("31000", gateway["Orleans__Endpoints__GatewayPort"]);
        Assert.Equal("Url=http://127.0.0.1:6090", gateway["ConnectionStrings__dataverse"]);
        Assert.False(gateway.ContainsKey("Orleans__Endpoints__SiloPort"));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public void SiloAndGatewayKnowTheGenericSourceAsOther(string resource)
    {
        var environment = Spec(resource);

        Assert.Equal("Generic", environment["CrmSync__Sources__generic__Kind"]);
        Assert.Equal("192350004", environment["CrmSync__Sources__generic__SourceCrmValue"]);
    }

    [Fact]
    public void OnlyTheGatewayGetsTheWebhookSecret()
    {
        Assert.Equal(Secret, Spec("gateway")["CrmSync__Sources__generic__Secret"]);
        Assert.False(Spec("silo").ContainsKey("CrmSync__Sources__generic__Secret"));
        Assert.False(Spec("dataverse").ContainsKey("CrmSync__Sources__generic__Secret"));
    }

    [Fact]
    public void EveryResourceIsItsOwnTelemetryServiceWithAUniqueInstanceId()
    {
        var specs = Specs();

        Assert.Equal(["dataverse", "silo", "gateway"], specs.Select(spec => spec.Environment["OTEL_SERVICE_NAME"]));
        var instanceIds = specs.Select(spec => spec.Environment["OTEL_RESOURCE_ATTRIBUTES"]).ToList();
        Assert.All(instanceIds, id => Assert.Matches("^service.instance.id=[0-9a-f-]{36}$", id));
        Assert.Equal(3, instanceIds.Distinct().Count());
    }

    [Fact]
    public void EveryResourceDiscoversTheOthersButNotItself()
    {
        var silo = Spec("silo");

        Assert.Equal("http://127.0.0.1:6090", silo["services__dataverse__http__0"]);
        Assert.Equal("http://127.0.0.1:6080", silo["services__gateway__http__0"]);
        Assert.False(silo.ContainsKey("services__silo__http__0"));
        Assert.Equal("http://127.0.0.1:6081", Spec("gateway")["services__silo__http__0"]);
        Assert.Equal("http://127.0.0.1:6080", Spec("dataverse")["services__gateway__http__0"]);
    }

    [Fact]
    public void EveryResourceRunsInTheAppHostsEnvironment()
    {
        Assert.All(Specs(), spec =>
        {
            Assert.Equal("Testing", spec.Environment["DOTNET_ENVIRONMENT"]);
            Assert.Equal("Testing", spec.Environment["ASPNETCORE_ENVIRONMENT"]);
        });
    }

    [Fact]
    public void TheAppHostsVariablesReachEveryResource()
    {
        var appHost = new Dictionary<string, string> { ["CrmSync__Writer__BatchSize"] = "50", ["PATH"] = "/usr/bin" };

        Assert.All(Specs(appHost), spec =>
        {
            Assert.Equal("50", spec.Environment["CrmSync__Writer__BatchSize"]);
            Assert.Equal("/usr/bin", spec.Environment["PATH"]);
        });
    }

    [Fact]
    public void TheAppHostsExplicitSettingsOverrideTheDefaults()
    {
        var appHost = new Dictionary<string, string>
        {
            ["ConnectionStrings__dataverse"] = "AuthType=ClientSecret;Url=https://org.crm.dynamics.com",
            ["Orleans__ClusterId"] = "other",
        };

        var specs = Specs(appHost);

        Assert.All(specs.Skip(1), spec =>
        {
            Assert.Equal("AuthType=ClientSecret;Url=https://org.crm.dynamics.com", spec.Environment["ConnectionStrings__dataverse"]);
            Assert.Equal("other", spec.Environment["Orleans__ClusterId"]);
        });
    }

    [Fact]
    public void AnOverrideSpelledInOtherCaseReplacesTheDefault()
    {
        var appHost = new Dictionary<string, string> { ["CONNECTIONSTRINGS__SILOSTATE"] = "Data Source=/elsewhere.db" };

        var silo = Spec("silo", appHost);

        Assert.Equal("Data Source=/elsewhere.db", silo["ConnectionStrings__silostate"]);
        Assert.Single(silo.Keys, key => key.Equals("ConnectionStrings__silostate", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TheAppHostCannotGiveEveryResourceOneUrlOrIdentity()
    {
        var appHost = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://+:80",
            ["OTEL_SERVICE_NAME"] = "apphost",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=apphost",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };

        var gateway = Spec("gateway", appHost);

        Assert.Equal("http://127.0.0.1:6080", gateway["ASPNETCORE_URLS"]);
        Assert.Equal("gateway", gateway["OTEL_SERVICE_NAME"]);
        Assert.NotEqual("service.instance.id=apphost", gateway["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("Testing", gateway["DOTNET_ENVIRONMENT"]);
    }

    private static IReadOnlyList<ResourceSpec> Specs(IReadOnlyDictionary<string, string>? appHostEnvironment = null) =>
        CrmSyncResources.Define(Options, Secret).ToSpecs(Options.EnvironmentName, appHostEnvironment ?? new Dictionary<string, string>());

    private static IReadOnlyDictionary<string, string> Spec(string name, IReadOnlyDictionary<string, string>? appHostEnvironment = null) =>
        Specs(appHostEnvironment).Single(spec => spec.Name == name).Environment;
}
