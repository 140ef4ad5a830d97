namespace CrmSync.Testing;

/// <summary>A directory of its own under the system's temp directory, deleted with everything in it.</summary>
public sealed class TempDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not quite let go of a file: the directory is in temp, so leave it.
        }
    }
}
