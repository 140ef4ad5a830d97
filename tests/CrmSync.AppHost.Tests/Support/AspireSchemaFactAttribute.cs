using CrmSync.Testing.Processes;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>
/// A fact that needs Aspire's manifest schema, kept in shared/specs beside the repository (or beside the folder of
/// worktrees that holds it); skipped where it is not.
/// </summary>
public sealed class AspireSchemaFactAttribute : FactAttribute
{
    private const string RelativePath = "shared/specs/aspire-8.0.json";

    public static readonly string SchemaPath = Find() ?? Path.GetFullPath(Path.Combine(ProjectPaths.RepositoryRoot, "..", RelativePath));

    public AspireSchemaFactAttribute()
    {
        if (!File.Exists(SchemaPath))
        {
            Skip = $"Aspire's manifest schema is not at {SchemaPath}; put aspire-8.0.json (https://json.schemastore.org/aspire-8.0.json) there to run this test.";
        }
    }

    private static string? Find()
    {
        for (var directory = Directory.GetParent(ProjectPaths.RepositoryRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
