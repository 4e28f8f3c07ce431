using Spectre.Console;

namespace Sandcastle.Cli.Rendering;

/// <summary>
/// The process's standard streams: raw writers for program output and JSON, and Spectre consoles for
/// decorated output. Colour and animation only when the stream is a terminal and NO_COLOR is unset.
/// </summary>
public sealed class Terminal
{
    public Terminal(TextWriter standardOutput, TextWriter standardError, Func<Stream> openStandardInput,
        bool outputIsTerminal, bool errorIsTerminal, bool inputIsTerminal, bool noColor)
    {
        StandardOutput = standardOutput;
        StandardError = standardError;
        OpenStandardInput = openStandardInput;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        InputIsTerminal = inputIsTerminal;
        Out = CreateConsole(standardOutput, outputIsTerminal, noColor);
        Error = CreateConsole(standardError, errorIsTerminal, noColor);
    }

    public TextWriter StandardOutput { get; }

    public TextWriter StandardError { get; }

    public Func<Stream> OpenStandardInput { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    public bool InputIsTerminal { get; }

    /// <summary>Decorated output to stdout.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Decorated output to stderr (progress, warnings).</summary>
    public IAnsiConsole Error { get; }

    public static Terminal FromConsole() => new(
        Console.Out,
        Console.Error,
        Console.OpenStandardInput,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected,
        !Console.IsInputRedirected,
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Writes one line to stderr, prefixed as every CLI message is.</summary>
    public void Fail(string message) => StandardError.WriteLine($"sandcastle: {message}");

    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // NO_COLOR removes colour only: a terminal still gets cursor control for spinners and live tables.
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Piped output has no width; wrapping it at 80 columns only makes it harder to grep.
        if (!isTerminal)
            console.Profile.Width = 200;
        return console;
    }
}
