namespace CrmSync.AppHost.Tests;

public sealed class ProjectPathsTests
{
    [Fact]
    public void RepositoryRootHoldsTheSolution()
    {
        Assert.True(File.Exists(Path.Combine(ProjectPaths.RepositoryRoot, "CrmSync.sln")));
    }

    [Fact]
    public void EachResourceIsTheAssemblyBuiltInItsProjectsOutputDirectory()
    {
        var expected = new[] { "CrmSync.DataverseEmulator", "CrmSync.Silo", "CrmSync.Gateway" };
        var actual = new[] { ProjectPaths.DataverseEmulator, ProjectPaths.Silo, ProjectPaths.Gateway };

        Assert.All(expected.Zip(actual), pair =>
        {
            var (project, assembly) = pair;
            Assert.Equal($"{project}.dll", Path.GetFileName(assembly));
            Assert.StartsWith(Path.Combine(ProjectPaths.RepositoryRoot, "src", project, "bin") + Path.DirectorySeparatorChar, assembly);
            Assert.Contains($"{Path.DirectorySeparatorChar}net10.0{Path.DirectorySeparatorChar}", assembly);
        });
    }
}
