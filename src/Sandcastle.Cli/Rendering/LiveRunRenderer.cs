using System.Text;
using Sandcastle.Cli.Running;
using Sandcastle.Sandbox;
using Sandcastle.Server.Execute;
using Spectre.Console;

namespace Sandcastle.Cli.Rendering;

/// <summary>
/// Shows a run as it happens: the reply as Claude writes it, the program's output as it runs, a spinner while
/// waiting (terminals only), and a summary at the end.
/// </summary>
public sealed class LiveRunRenderer(Terminal terminal, SandboxLanguage language) : IRunObserver, IDisposable
{
    private readonly Spinner _spinner = new(terminal.StandardError, terminal.OutputIsTerminal && terminal.ErrorIsTerminal);
    private readonly bool _highlight = terminal.Out.Profile.Capabilities.ColorSystem != ColorSystem.NoColors;
    private readonly StringBuilder _pendingLine = new();
    private bool _insideFence;
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
        if (!_highlight)
        {
            terminal.StandardOutput.Write(text);
            terminal.StandardOutput.Flush();
            return;
        }
        // Colour needs whole lines: each line is shown when its newline arrives.
        _pendingLine.Append(text);
        var content = _pendingLine.ToString();
        var end = content.LastIndexOf('\n');
        if (end < 0)
            return;
        foreach (var line in content[..end].Split('\n'))
            WriteHighlighted(line);
        _pendingLine.Clear().Append(content[(end + 1)..]);
    }

    public void Code(int attempt, string code)
    {
        EndReply();
        _spinner.Start("Running in the sandbox…");
    }

    private void EndReply()
    {
        if (!_highlight)
        {
            terminal.StandardOutput.WriteLine();
            return;
        }
        if (_pendingLine.Length > 0)
            WriteHighlighted(_pendingLine.ToString());
        _pendingLine.Clear();
        _insideFence = false;
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
        if (attempt.Code is null)
            EndReply();
        if (attempt.Success || attempt.Attempt >= maxAttempts)
            return;
        terminal.Out.MarkupLine($"[yellow]{Markup.Escape($"Attempt {attempt.Attempt} failed ({RunSummary.Describe(attempt.Reason, attempt.ExitCode)}); asking Claude to fix it…")}[/]");
        _spinner.Start("Asking for a fix…");
    }

    private void WriteHighlighted(string line)
    {
        if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
        {
            _insideFence = !_insideFence;
            terminal.Out.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
            return;
        }
        terminal.Out.MarkupLine(_insideFence ? CodeHighlighter.ToMarkup(line, language) : Markup.Escape(line));
    }

    public void Summary(RunOutcome outcome) => RunSummary.Write(terminal, outcome);

    public void Dispose() => _spinner.Dispose();
}
