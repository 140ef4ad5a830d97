namespace CrmSync.AppHost.Tests.Support;

public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("crmsync-apphost-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
