using System.Text;
using System.Text.Json;

namespace Sandcastle.Server.Agents;

/// <summary>
/// Turns Claude Code's <c>--output-format stream-json --verbose --include-partial-messages</c> lines into
/// <see cref="AgentEvent"/>s. Text comes from the partial-message deltas (as it streams), so the whole assistant
/// messages contribute only their tool calls. Claude Code's own final <c>result</c> line is kept aside for the run's
/// result, which the runner composes with what the relay counted.
/// </summary>
internal sealed class StreamJsonTranslator(int toolResultChars)
{
    private readonly StringBuilder _line = new();
    private bool _sawTextDelta;

    public string? SessionId { get; private set; }

    /// <summary>Claude Code's own result line (subtype, num_turns, total_cost_usd, result), once it came.</summary>
    public JsonElement? ClaudeResult { get; private set; }

    /// <summary>Feeds a piece of stdout; returns the events of the lines it completed.</summary>
    public IEnumerable<AgentEvent> Feed(string text)
    {
        var events = new List<AgentEvent>();
        foreach (var c in text)
        {
            if (c != '\n')
            {
                _line.Append(c);
                continue;
            }
            events.AddRange(Translate(_line.ToString()));
            _line.Clear();
        }
        return events;
    }

    public IEnumerable<AgentEvent> Flush()
    {
        var rest = _line.ToString();
        _line.Clear();
        return Translate(rest);
    }

    private IEnumerable<AgentEvent> Translate(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || line[0] != '{')
            return [];
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return [];
        }
        return String(root, "type") switch
        {
            "system" when String(root, "subtype") == "init" => [Init(root)],
            "stream_event" => Delta(root),
            "assistant" => Assistant(root),
            "user" => ToolResults(root),
            "result" => Result(root),
            _ => [],
        };
    }

    private AgentEvent Init(JsonElement root)
    {
        SessionId = String(root, "session_id");
        return new AgentEvent("init")
        {
            SessionId = SessionId,
            Model = String(root, "model"),
            Cwd = String(root, "cwd"),
            Agents = root.TryGetProperty("agents", out var agents) && agents.ValueKind == JsonValueKind.Array
                ? [.. agents.EnumerateArray().Select(a => a.ToString())] : null,
        };
    }

    private IEnumerable<AgentEvent> Delta(JsonElement root)
    {
        if (root.TryGetProperty("event", out var e) && String(e, "type") == "content_block_delta"
            && e.TryGetProperty("delta", out var delta) && String(delta, "type") == "text_delta" && String(delta, "text") is { Length: > 0 } text)
        {
            _sawTextDelta = true;
            yield return new AgentEvent("text") { Text = text };
        }
    }

    private IEnumerable<AgentEvent> Assistant(JsonElement root)
    {
        foreach (var block in Blocks(root))
        {
            switch (String(block, "type"))
            {
                case "tool_use":
                    var input = block.TryGetProperty("input", out var i) ? i : default;
                    yield return new AgentEvent("tool_use")
                    {
                        Tool = String(block, "name"),
                        ToolUseId = String(block, "id"),
                        Input = input.ValueKind == JsonValueKind.Undefined ? null : input,
                        Target = TargetOf(input),
                    };
                    break;
                // Only when no deltas came (an older Claude Code): otherwise the text was already sent piece by piece.
                case "text" when !_sawTextDelta && String(block, "text") is { Length: > 0 } text:
                    yield return new AgentEvent("text") { Text = text };
                    break;
            }
        }
    }

    private IEnumerable<AgentEvent> ToolResults(JsonElement root)
    {
        foreach (var block in Blocks(root).Where(b => String(b, "type") == "tool_result"))
        {
            var content = block.TryGetProperty("content", out var c) ? c : default;
            var text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString() ?? "",
                JsonValueKind.Array => string.Join("\n", content.EnumerateArray().Select(b => String(b, "text")).OfType<string>()),
                _ => "",
            };
            var cut = text.Length > toolResultChars;
            yield return new AgentEvent("tool_result")
            {
                ToolUseId = String(block, "tool_use_id"),
                Content = cut ? text[..toolResultChars] : text,
                Truncated = cut ? true : null,
                IsError = block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True ? true : null,
            };
        }
    }

    private IEnumerable<AgentEvent> Result(JsonElement root)
    {
        ClaudeResult = root;
        SessionId ??= String(root, "session_id");
        return [];
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement root) =>
        root.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray() : [];

    private static string? TargetOf(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var name in new[] { "file_path", "notebook_path", "command", "path", "pattern", "url", "query", "description", "subagent_type" })
        {
            if (String(input, name) is { Length: > 0 } value)
                return value.Length > 200 ? value[..200] + "…" : value;
        }
        return null;
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
