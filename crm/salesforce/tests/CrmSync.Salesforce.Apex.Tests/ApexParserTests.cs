using CrmSync.Testing.Salesforce;

namespace CrmSync.Salesforce.Apex.Tests;

public sealed class ApexParserTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("apex-").FullName;

    [ApexParserFact]
    public async Task EveryShippedClassAndTriggerParses()
    {
        var (exitCode, output) = await NodeTool.ParseAsync(ApexSource.ProjectDirectory);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"apex-parser: 1\d file\(s\), 0 syntax error\(s\)", output);
    }

    [ApexParserFact]
    public async Task ASyntaxErrorFailsNamingFileAndLine()
    {
        File.WriteAllText(Path.Combine(scratch, "Broken.cls"), "public class Broken {\n    void run() { Integer i = ; }\n}\n");
        File.WriteAllText(Path.Combine(scratch, "Fine.trigger"), "trigger Fine on Account (after insert) { }\n");

        var (exitCode, output) = await NodeTool.ParseAsync(scratch);

        Assert.Equal(1, exitCode);
        Assert.Contains("Broken.cls:2:", output);
        Assert.DoesNotContain("Fine.trigger:", output);
    }

    [ApexParserFact]
    public async Task AFolderWithoutApexFails()
    {
        var (exitCode, output) = await NodeTool.ParseAsync(scratch);

        Assert.Equal(1, exitCode);
        Assert.Contains("No .cls or .trigger file", output);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
