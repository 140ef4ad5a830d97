namespace CrmSync.AppHost.Tests;

public sealed class ConsoleLogSinkTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public void PrefixesEachLineWithItsResourceName()
    {
        var sink = new ConsoleLogSink(_output, _error, useColor: false);

        sink.Write(new ResourceLogLine("silo", "Silo started"));
        sink.Write(new ResourceLogLine("dataverse", "Now listening"));

        Assert.Equal($"silo      | Silo started{Environment.NewLine}dataverse | Now listening{Environment.NewLine}", _output.ToString());
    }

    [Fact]
    public void WritesStandardErrorLinesToTheErrorWriter()
    {
        var sink = new ConsoleLogSink(_output, _error, useColor: false);

        sink.Write(new ResourceLogLine("gateway", "Unhandled exception", IsError: true));

        Assert.Equal("", _output.ToString());
        Assert.Equal($"gateway   | Unhandled exception{Environment.NewLine}", _error.ToString());
    }

    [Fact]
    public void ColoursEachResourceDifferentlyWhenAsked()
    {
        var sink = new ConsoleLogSink(_output, _error, useColor: true);

        sink.Write(new ResourceLogLine("silo", "one"));
        sink.Write(new ResourceLogLine("gateway", "two"));

        var lines = _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\e[", lines[0]);
        Assert.NotEqual(lines[0][..5], lines[1][..5]);
        Assert.EndsWith("| one", lines[0]);
    }

    [Fact]
    public void WritesNoEscapeCodesWithoutColour()
    {
        var sink = new ConsoleLogSink(_output, _error, useColor: false);

        sink.Write(new ResourceLogLine("silo", "plain"));
        sink.Write(new ResourceLogLine("silo", "plain", IsError: true));

        Assert.DoesNotContain('\e', _output.ToString() + _error.ToString());
    }
}
