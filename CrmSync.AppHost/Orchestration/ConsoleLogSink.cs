namespace CrmSync.AppHost.Orchestration;

/// <summary>Writes every resource's output prefixed with its name, coloured on a terminal, the way Aspire's console shows it.</summary>
public sealed class ConsoleLogSink(TextWriter output, TextWriter error, bool useColor)
{
    private static readonly string[] Palette = ["\e[36m", "\e[35m", "\e[33m", "\e[32m", "\e[34m", "\e[96m"];
    private const string Reset = "\e[0m";
    private const string Red = "\e[31m";
    private const int MinimumNameWidth = 9;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colors = [];

    public static ConsoleLogSink ForConsole() => new(Console.Out, Console.Error, TerminalSupportsColor());

    /// <summary>Colour unless output is redirected, <c>NO_COLOR</c> is set (no-color.org) or the terminal is dumb.</summary>
    public static bool TerminalSupportsColor() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("NO_COLOR") is null
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    public void Write(ResourceLogLine line)
    {
        lock (_gate)
        {
            var writer = line.IsError ? error : output;
            var name = line.Resource.PadRight(MinimumNameWidth);
            if (useColor)
            {
                var text = line.IsError ? $"{Red}{line.Text}{Reset}" : line.Text;
                writer.WriteLine($"{ColorOf(line.Resource)}{name}{Reset} | {text}");
            }
            else
            {
                writer.WriteLine($"{name} | {line.Text}");
            }
        }
    }

    private string ColorOf(string resource)
    {
        if (!_colors.TryGetValue(resource, out var color))
        {
            color = Palette[_colors.Count % Palette.Length];
            _colors[resource] = color;
        }

        return color;
    }
}
