namespace CrmSync.DataverseEmulator.Schema;

/// <summary>The <c>Emulator:Schema</c> section: how the emulated environment differs from a standard one.</summary>
public sealed class SchemaOptions
{
    /// <summary>Columns the environment lacks, as <c>table.column</c>, e.g. <c>contact.msdyn_source_crm_url</c>.</summary>
    public List<string> RemoveColumns { get; set; } = [];

    /// <summary>Options added to the <c>msdyn_source_crm</c> choice of both tables.</summary>
    public List<SourceCrmOption> ExtraSourceCrmOptions { get; set; } = [];
}

public sealed class SourceCrmOption
{
    public int Value { get; set; }

    public string Label { get; set; } = "";
}
