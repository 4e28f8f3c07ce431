using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>Scripted model turns for Claude Code: each picks its answer from how far the conversation has got.</summary>
internal static class AgentScripts
{
    public const string FibSource = "def fib(n):\\n    a, b = 0, 1\\n    for _ in range(n):\\n        a, b = b, a + b\\n    return a\\n\\nprint(fib(10))\\n";

    /// <summary>Write fib.py, run it with Bash, then say the answer.</summary>
    public static FakeReply? Fib(RecordedRequest request) => Step(request) switch
    {
        null => null,
        0 => FakeReply.WithTools(new FakeToolUse("Write", $$"""{"file_path":"/workspace/fib.py","content":"{{FibSource}}"}""")),
        1 => FakeReply.WithTools(new FakeToolUse("Bash", """{"command":"python3 /workspace/fib.py","description":"Run fib.py"}""")),
        _ => FakeReply.WithText("fib(10) is 55.", chunks: 4),
    };

    /// <summary>Runs one Bash command, then ends.</summary>
    public static Func<RecordedRequest, FakeReply?> Bash(string command) => request => Step(request) switch
    {
        null => null,
        0 => FakeReply.WithTools(new FakeToolUse("Bash", System.Text.Json.JsonSerializer.Serialize(new { command, description = "look around" }))),
        _ => FakeReply.WithText("done"),
    };

    /// <summary>Asks for a tool on every turn: only a limit ends it.</summary>
    public static FakeReply? Forever(RecordedRequest request) => Step(request) is null ? null
        : FakeReply.WithTools(new FakeToolUse("Bash", """{"command":"echo again","description":"again"}"""));

    /// <summary>Answers text at once.</summary>
    public static Func<RecordedRequest, FakeReply?> Say(string text) => request => Step(request) is null ? null : FakeReply.WithText(text);

    /// <summary>Which turn of the main conversation this is (assistant turns so far), or null for a side request without tools.</summary>
    private static int? Step(RecordedRequest request) =>
        !request.Body.Contains("\"tools\"", StringComparison.Ordinal) ? null : TrailingAssistantTurns(request);

    // A resumed conversation starts with earlier turns: count only the assistant turns after the last plain user prompt.
    private static int TrailingAssistantTurns(RecordedRequest request)
    {
        var count = 0;
        foreach (var message in request.Messages.Reverse())
        {
            if (message.Role == "assistant")
                count++;
            else if (message.ToolResults.Length == 0)
                break;
        }
        return count;
    }
}
