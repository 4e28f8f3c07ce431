using Sandcastle.Cli.Running;
using Spectre.Console;

namespace Sandcastle.Cli.Rendering;

/// <summary>The end of a run: result, exit code, attempts, timings, tokens and saved files.</summary>
public static class RunSummary
{
    public static void Write(Terminal terminal, RunOutcome outcome)
    {
        var r = outcome.Response;
        terminal.Out.Write(new Rule("Summary").LeftJustified());
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow(new Text("Result"), r.Success ? new Markup("[green]success[/]") : new Markup($"[red]failed[/] {Markup.Escape($"({Describe(r.Reason, r.ExitCode)})")}"));
        grid.AddRow("Exit code", r.ExitCode?.ToString() ?? "-");
        grid.AddRow("Attempts", r.Attempts.Count.ToString());
        grid.AddRow("Generation", $"{r.GenerationMs} ms");
        grid.AddRow("Execution", $"{r.ExecutionMs} ms");
        grid.AddRow("Total", $"{r.ExecutionTime} ms");
        grid.AddRow("Tokens", $"{r.Usage.InputTokens} in / {r.Usage.OutputTokens} out");
        grid.AddRow("Model", Markup.Escape(r.Model));
        grid.AddRow("Sandbox", Markup.Escape(r.SandboxId));
        terminal.Out.Write(grid);
        if (outcome.SavedFiles.Count > 0)
        {
            terminal.Out.MarkupLine($"Files saved ({outcome.SavedFiles.Count}):");
            foreach (var file in outcome.SavedFiles)
                terminal.Out.WriteLine($"  {file}");
        }
        else if (outcome.FilesNote is not null && r.Success)
        {
            terminal.Out.MarkupLine($"[grey]{Markup.Escape("Files: " + outcome.FilesNote)}[/]");
        }
    }

    /// <summary>"exit 1", "timeout", "no code in the reply"...</summary>
    public static string Describe(string reason, int? exitCode) => reason switch
    {
        "exited" => $"exit {exitCode}",
        "no_code" => "no code in the reply",
        "oom" => "out of memory",
        "output_limit" => "output limit",
        "disk_quota" => "disk quota",
        var other => other,
    };
}
