namespace CrmSync.Silo.Tests;

[GenerateSerializer]
public sealed class TestState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Count { get; set; }
}
