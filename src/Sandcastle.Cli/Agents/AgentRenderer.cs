using System.Globalization;
using Sandcastle.Cli.Rendering;
using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Cli.Agents;

/// <summary>
/// Shows an agent run live: assistant text as it streams (stdout), each tool call as one line with its target, each
/// result folded to its first line, and a closing summary (stderr).
/// </summary>
public sealed class AgentRenderer(Terminal terminal)
{
    private bool _midLine;

    public void Show(AgentEvent e)
    {
        var output = terminal.StandardOutput;
        switch (e.Type)
        {
            case "init":
                terminal.StandardError.WriteLine($"Claude Code {e.Model} in {e.Cwd} (session {e.SessionId})");
                break;
            case "text":
                var text = e.Text ?? "";
                output.Write(text);
                _midLine = !text.EndsWith('\n');
                break;
            case "tool_use":
                EndLine();
                output.WriteLine($"● {e.Tool}{(e.Target is { Length: > 0 } target ? ": " + target : "")}");
                break;
            case "tool_result":
                var content = (e.Content ?? "").TrimEnd();
                var lines = content.Split('\n');
                var first = lines[0].Length > 120 ? lines[0][..120] + "…" : lines[0];
                var more = lines.Length > 1 || e.Truncated == true ? $" (+{lines.Length - 1} lines)" : "";
                output.WriteLine($"  ⎿ {(e.IsError == true ? "error: " : "")}{first}{more}");
                break;
        }
        output.Flush();
    }

    public void Summary(AgentEvent result, string sandboxId)
    {
        EndLine();
        var seconds = (result.DurationMs ?? 0) / 1000;
        var tokens = (result.InputTokens ?? 0) + (result.OutputTokens ?? 0);
        var mark = result.Success == true ? "✓" : "✗";
        terminal.StandardError.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mark} {result.Reason}: {result.Turns} turns, {tokens} tokens, {seconds:0.0} s (sandbox {sandboxId}, session {result.SessionId})"));
        if (result.Message is { Length: > 0 } message && result.Success != true)
            terminal.StandardError.WriteLine(message);
    }

    private void EndLine()
    {
        if (_midLine)
            terminal.StandardOutput.WriteLine();
        _midLine = false;
    }
}
