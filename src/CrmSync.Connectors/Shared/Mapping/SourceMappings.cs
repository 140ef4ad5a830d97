using System.Collections.Concurrent;
using CrmSync.Dataverse;
using Microsoft.Extensions.Configuration;

namespace CrmSync.Connectors.Shared;

/// <summary>A kind's default mapping: for each entity, Dataverse column → the source field it comes from.</summary>
public sealed record KindMapping(SourceKind Kind, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Entities);

/// <summary>
/// Each source's mapping: its kind's defaults, changed without code by
/// <c>CrmSync:Sources:{name}:Mapping:{entity}:{dataverseColumn}</c> = the source field (an empty value drops a
/// default). <see cref="FieldMapping.ParentColumn"/> names the contact's parent account field.
/// </summary>
public sealed class SourceMappings(IConfiguration configuration, IEnumerable<KindMapping> kinds)
{
    private readonly ConcurrentDictionary<(string Source, string Entity), FieldMapping> resolved = new();

    public FieldMapping For(string source, SourceKind kind, string entity) =>
        resolved.GetOrAdd((source, entity), key => Resolve(key.Source, kind, key.Entity, []));

    /// <summary>Every mistake in a source's Mapping section, each naming the setting; checked at start-up.</summary>
    public IReadOnlyList<string> Check(string source, SourceKind kind)
    {
        var failures = new List<string>();
        var section = MappingSection(source);
        if (!kinds.Any(k => k.Kind == kind))
        {
            if (section.Exists())
            {
                failures.Add($"{Prefix(source)}:Mapping is set, but a {kind} source takes no Mapping; remove it (a Rest source maps its fields under Entities:{{entity}}:Fields).");
            }

            return failures;
        }

        foreach (var entity in section.GetChildren().Select(c => c.Key).Where(e => !Entities.IsKnown(e)))
        {
            failures.Add($"{Prefix(source)}:Mapping:{entity} is not an entity CrmSync syncs; use account or contact.");
        }

        foreach (var entity in new[] { Entities.Account, Entities.Contact })
        {
            Resolve(source, kind, entity, failures);
        }

        return failures;
    }

    private FieldMapping Resolve(string source, SourceKind kind, string entity, List<string> failures)
    {
        var defaults = kinds.First(k => k.Kind == kind).Entities.GetValueOrDefault(entity) ?? new Dictionary<string, string>();
        var merged = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var setting in MappingSection(source).GetSection(entity).GetChildren())
        {
            if (string.IsNullOrWhiteSpace(setting.Value))
            {
                merged.Remove(setting.Key);
            }
            else
            {
                merged[setting.Key] = setting.Value.Trim();
            }
        }

        var table = DataverseTables.For(entity);
        var columns = new List<(string, JsonPath)>();
        JsonPath? parent = null;
        foreach (var (column, field) in merged)
        {
            var setting = $"{Prefix(source)}:Mapping:{entity}:{column}";
            if (!JsonPath.TryParse(field, out var path))
            {
                failures.Add($"{setting} '{field}' is not a field name or path ({JsonPath.Syntax}).");
            }
            else if (column == FieldMapping.ParentColumn && entity == Entities.Contact)
            {
                parent = path;
            }
            else if (!table.WritableColumns.Contains(column) || column == DataverseTables.SourceCrmUrl)
            {
                failures.Add($"{setting}: Dataverse's {entity} table has no column '{column}' that CrmSync writes; use one of {string.Join(", ", table.WritableColumns.Where(c => c != DataverseTables.SourceCrmUrl).Order())}{(entity == Entities.Contact ? $" or {FieldMapping.ParentColumn}" : "")}.");
            }
            else
            {
                columns.Add((column, path));
            }
        }

        return new FieldMapping(entity, columns, parent);
    }

    private IConfigurationSection MappingSection(string source) => configuration.GetSection($"{Prefix(source)}:Mapping");

    private static string Prefix(string source) => $"{CrmSyncOptions.SectionName}:Sources:{source}";
}
