namespace CrmSync.AppHost.Tests.Support;

/// <summary>The AppHost with its embedded defaults and its dashboard, shared by the tests of the default app and of the dashboard.</summary>
public sealed class DefaultAppFixture : AppHostFixture
{
    protected override bool WithDashboard => true;

    protected override IEnumerable<string> Resources => [CrmSyncResources.Dataverse, CrmSyncResources.Silo, CrmSyncResources.Gateway];
}

[CollectionDefinition(Name)]
public sealed class DefaultAppCollection : ICollectionFixture<DefaultAppFixture>
{
    public const string Name = "default app";
}
