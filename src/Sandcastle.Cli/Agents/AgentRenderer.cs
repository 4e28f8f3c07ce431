using System.Globalization;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Rendering;

namespace Sandcastle.Cli.Agents;

/// <summary>
/// Shows an agent run live: assistant text as it streams (stdout), each tool call as one line with its target, each
/// result folded to its first line, and a closing summary (stderr).
/// </summary>
public sealed class AgentRenderer(Terminal terminal)
{
    private bool _midLine;

    public void Show(JsonNode e)
    {
        var output = terminal.StandardOutput;
        switch ((string?)e["type"])
        {
            case "init":
                terminal.StandardError.WriteLine($"Claude Code {e["model"]} in {e["cwd"]} (session {e["sessionId"]})");
                break;
            case "text":
                var text = (string?)e["text"] ?? "";
                output.Write(text);
                _midLine = !text.EndsWith('\n');
                break;
            case "tool_use":
                EndLine();
                output.WriteLine($"● {e["tool"]}{((string?)e["target"] is { Length: > 0 } target ? ": " + target : "")}");
                break;
            case "tool_result":
                var content = ((string?)e["content"] ?? "").TrimEnd();
                var lines = content.Split('\n');
                var first = lines[0].Length > 120 ? lines[0][..120] + "…" : lines[0];
                var more = lines.Length > 1 || (bool?)e["truncated"] == true ? $" (+{lines.Length - 1} lines)" : "";
                output.WriteLine($"  ⎿ {((bool?)e["isError"] == true ? "error: " : "")}{first}{more}");
                break;
        }
        output.Flush();
    }

    public void Summary(JsonNode result, string sandboxId)
    {
        EndLine();
        var seconds = ((double?)result["durationMs"] ?? 0) / 1000;
        var tokens = ((long?)result["inputTokens"] ?? 0) + ((long?)result["outputTokens"] ?? 0);
        var mark = (bool?)result["success"] == true ? "✓" : "✗";
        terminal.StandardError.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mark} {result["reason"]}: {result["turns"]} turns, {tokens} tokens, {seconds:0.0} s (sandbox {sandboxId}, session {result["sessionId"]})"));
        if ((string?)result["message"] is { Length: > 0 } message && (bool?)result["success"] != true)
            terminal.StandardError.WriteLine(message);
    }

    private void EndLine()
    {
        if (_midLine)
            terminal.StandardOutput.WriteLine();
        _midLine = false;
    }
}
