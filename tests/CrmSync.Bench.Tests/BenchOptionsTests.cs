namespace CrmSync.Bench.Tests;

public sealed class BenchOptionsTests
{
    private static readonly string[] Scenarios = ["ingest", "lag"];

    [Fact]
    public void AScenarioWithOptionsIsRead()
    {
        var options = BenchOptions.Parse(["lag", "--quick", "--out", "lag.json", "--verbose"], Scenarios);

        Assert.Equal(new BenchOptions("lag", Quick: true, Out: "lag.json", Verbose: true), options);
    }

    [Fact]
    public void ARunningSystemIsDescribedByItsGatewaySecretAndEmulator()
    {
        var options = BenchOptions.Parse(
            ["ingest", "--target", "http://127.0.0.1:5080", "--secret", "whsec_abc", "--dataverse", "http://127.0.0.1:5090", "--silo", "http://127.0.0.1:5081"], Scenarios);

        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Target);
        Assert.Equal("whsec_abc", options.Secret);
        Assert.Equal(new Uri("http://127.0.0.1:5090"), options.Dataverse);
        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.Silo);
    }

    [Fact]
    public void MinutesAreReadAsAPositiveNumber()
    {
        Assert.Equal(15, BenchOptions.Parse(["soak", "--minutes", "15"], ["soak"]).Minutes);
        Assert.Equal(0.5, BenchOptions.Parse(["soak", "--minutes", "0.5"], ["soak"]).Minutes);
        Assert.Null(BenchOptions.Parse(["soak"], ["soak"]).Minutes);
    }

    [Theory]
    [InlineData(new string[0], "Name a scenario first (ingest, lag or all).")]
    [InlineData(new[] { "--quick" }, "Name a scenario first (ingest, lag or all).")]
    [InlineData(new[] { "speed" }, "There is no scenario 'speed'; choose one of ingest, lag or all.")]
    [InlineData(new[] { "lag", "--fast" }, "'--fast' is not an option of the harness; see the usage above.")]
    [InlineData(new[] { "lag", "--out" }, "--out needs a value after it.")]
    [InlineData(new[] { "lag", "--target", "localhost:5080" }, "--target 'localhost:5080' is not an http(s) URL; give one such as http://127.0.0.1:5080.")]
    [InlineData(new[] { "lag", "--target", "http://127.0.0.1:5080" }, "--target needs --secret (the generic source's whsec_… secret) and --dataverse (the emulator's URL) too.")]
    [InlineData(new[] { "lag", "--minutes", "0" }, "--minutes '0' is not a positive number; give one such as 30 or 0.5.")]
    [InlineData(new[] { "lag", "--minutes", "half" }, "--minutes 'half' is not a positive number; give one such as 30 or 0.5.")]
    [InlineData(new[] { "lag", "--secret", "whsec_abc" }, "--secret, --dataverse and --silo describe a running system; give its gateway with --target as well.")]
    public void ACommandLineTheHarnessCannotRunSaysWhatToDo(string[] args, string message)
    {
        var error = Assert.Throws<BenchUsageException>(() => BenchOptions.Parse(args, Scenarios));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ResultsGoToTheScenariosFileInTheCurrentDirectoryUnlessToldOtherwise()
    {
        Assert.Equal(Path.GetFullPath("lag-result.json"), new BenchOptions("lag").OutPathFor("lag"));
        Assert.Equal(Path.GetFullPath("out/mine.json"), new BenchOptions("lag", Out: "out/mine.json").OutPathFor("lag"));
    }

    [Fact]
    public void AllScenariosWithOneOutFileWriteEachBesideIt()
    {
        var options = new BenchOptions(BenchOptions.All, Out: "out/ignored.json");

        Assert.Equal(Path.GetFullPath("out/ingest-result.json"), options.OutPathFor("ingest"));
        Assert.Equal(Path.GetFullPath("out/lag-result.json"), options.OutPathFor("lag"));
    }
}
