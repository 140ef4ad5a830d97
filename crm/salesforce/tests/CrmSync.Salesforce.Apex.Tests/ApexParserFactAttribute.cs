namespace CrmSync.Salesforce.Apex.Tests;

/// <summary>A fact that runs the Apex parser under node; skipped, naming the command, when its packages are not installed.</summary>
public sealed class ApexParserFactAttribute : FactAttribute
{
    public ApexParserFactAttribute()
    {
        if (!NodeTool.IsInstalled)
        {
            Skip = "The Apex parser is not installed; run `npm ci --prefix crm/salesforce/tools` (needs node and npm) to run this test.";
        }
    }
}
