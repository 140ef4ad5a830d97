namespace CrmSync.Cli.Output;

/// <summary>
/// Shows a followed job's progress. On a terminal one line is redrawn in place; redirected (a log, a CI job) a line is
/// printed at most every <paramref name="lineInterval"/>, since carriage returns would pile up there.
/// </summary>
public sealed class ProgressDisplay(TextWriter output, bool terminal, int width, TimeSpan lineInterval)
{
    private int _drawn;
    private string? _lastLine;
    private DateTimeOffset? _lastLineAt;

    public void Show(SyncJobView job, DateTimeOffset now) => Show(ProgressBar.Render(job, LineWidth), now);

    /// <summary>A line made by the caller to fit <see cref="LineWidth"/>, e.g. a reconcile's.</summary>
    public void Show(string line, DateTimeOffset now)
    {
        if (terminal)
        {
            Redraw(line);
        }
        else if (_lastLineAt is null || now - _lastLineAt >= lineInterval)
        {
            PrintLine(line, now);
        }
    }

    /// <summary>The job's last state, then a new line for whatever follows.</summary>
    public void Finish(SyncJobView job, DateTimeOffset now) => Finish(ProgressBar.Render(job, LineWidth), now);

    public void Finish(string line, DateTimeOffset now)
    {
        if (terminal)
        {
            Redraw(line);
            Break();
        }
        else if (line != _lastLine)
        {
            PrintLine(line, now);
        }
    }

    /// <summary>Leaves the redrawn line, so that a message printed next starts on a line of its own.</summary>
    public void Break()
    {
        if (terminal && _drawn > 0)
        {
            output.WriteLine();
            output.Flush();
            _drawn = 0;
        }
    }

    /// <summary>One column short of the width: writing the last column makes some terminals wrap.</summary>
    public int LineWidth => Math.Max(20, width - 1);

    private void Redraw(string line)
    {
        output.Write('\r');
        output.Write(line.PadRight(_drawn));
        output.Flush();
        _drawn = line.Length;
    }

    private void PrintLine(string line, DateTimeOffset now)
    {
        output.WriteLine(line);
        output.Flush();
        _lastLine = line;
        _lastLineAt = now;
    }
}
