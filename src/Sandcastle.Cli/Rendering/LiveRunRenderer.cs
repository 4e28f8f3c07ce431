using Sandcastle.Cli.Running;
using Sandcastle.Server.Execute;
using Spectre.Console;

namespace Sandcastle.Cli.Rendering;

/// <summary>
/// Shows a run as it happens: the reply as Claude writes it, the program's output as it runs, a spinner while
/// waiting (terminals only), and a summary at the end.
/// </summary>
public sealed class LiveRunRenderer(Terminal terminal) : IRunObserver, IDisposable
{
    private readonly Spinner _spinner = new(terminal.StandardError, terminal.OutputIsTerminal && terminal.ErrorIsTerminal);
    private int _codeShownFor;
    private int _outputShownFor;

    public void Started(string model, string sandboxId, int maxAttempts)
    {
        terminal.Out.MarkupLine($"[grey]{Markup.Escape($"Model {model} · sandbox {sandboxId} · up to {maxAttempts} attempt(s)")}[/]");
        _spinner.Start($"Asking {model} for code…");
    }

    public void CodeDelta(int attempt, string text)
    {
        _spinner.Stop();
        if (_codeShownFor != attempt)
        {
            _codeShownFor = attempt;
            terminal.Out.Write(new Rule(Markup.Escape(attempt == 1 ? "Claude's answer" : $"Claude's answer (attempt {attempt})")).LeftJustified());
        }
        terminal.StandardOutput.Write(text);
        terminal.StandardOutput.Flush();
    }

    public void Code(int attempt, string code)
    {
        terminal.StandardOutput.WriteLine();
        _spinner.Start("Running in the sandbox…");
    }

    public void Output(int attempt, bool isError, string text)
    {
        _spinner.Stop();
        if (_outputShownFor != attempt)
        {
            _outputShownFor = attempt;
            terminal.Out.Write(new Rule("Output").LeftJustified());
        }
        var writer = isError ? terminal.StandardError : terminal.StandardOutput;
        writer.Write(text);
        writer.Flush();
    }

    public void AttemptEnded(ExecuteAttempt attempt, int maxAttempts)
    {
        _spinner.Stop();
        if (attempt.Success || attempt.Attempt >= maxAttempts)
            return;
        terminal.Out.MarkupLine($"[yellow]{Markup.Escape($"Attempt {attempt.Attempt} failed ({RunSummary.Describe(attempt.Reason, attempt.ExitCode)}); asking Claude to fix it…")}[/]");
        _spinner.Start("Asking for a fix…");
    }

    public void Summary(RunOutcome outcome) => RunSummary.Write(terminal, outcome);

    public void Dispose() => _spinner.Dispose();
}
