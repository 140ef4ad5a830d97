using CrmSync.Testing.Processes;

namespace CrmSync.AppHost.Tests.Support;

/// <summary>A fact that needs Aspire's manifest schema, kept beside the repository in ../shared/specs; skipped where it is not.</summary>
public sealed class AspireSchemaFactAttribute : FactAttribute
{
    public static readonly string SchemaPath =
        Path.GetFullPath(Path.Combine(ProjectPaths.RepositoryRoot, "..", "shared", "specs", "aspire-8.0.json"));

    public AspireSchemaFactAttribute()
    {
        if (!File.Exists(SchemaPath))
        {
            Skip = $"Aspire's manifest schema is not at {SchemaPath}; put aspire-8.0.json (https://json.schemastore.org/aspire-8.0.json) there to run this test.";
        }
    }
}
