namespace Sandcastle.Testing;

/// <summary>One scripted answer of <see cref="FakeAnthropicServer"/>: text in chunks, or an HTTP error.</summary>
public sealed record FakeReply
{
    /// <summary>The reply text (ignored for errors).</summary>
    public string Text { get; init; } = "";

    /// <summary>How many text_delta events the text is split into when streaming.</summary>
    public int Chunks { get; init; } = 3;

    /// <summary>Pause before each text_delta: makes a reply slow enough to cancel mid-stream.</summary>
    public TimeSpan DelayPerChunk { get; init; }

    /// <summary>When set, the server answers with this status and an Anthropic error body instead of text.</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>The error body's type; null derives it from the status (401 → authentication_error, 529 → overloaded_error, ...).</summary>
    public string? ErrorType { get; init; }

    public string ErrorMessage { get; init; } = "scripted error";

    public string StopReason { get; init; } = "end_turn";

    /// <summary>The model named in the reply; null echoes the request's.</summary>
    public string? Model { get; init; }

    public long InputTokens { get; init; } = 10;

    public long OutputTokens { get; init; } = 20;

    /// <summary>Tool calls streamed after the text (a <c>tool_use</c> block each, input as one <c>input_json_delta</c>).</summary>
    public IReadOnlyList<FakeToolUse> ToolUses { get; init; } = [];

    public static FakeReply WithText(string text, int chunks = 3) => new() { Text = text, Chunks = chunks };

    public static FakeReply Error(int status, string? type = null, string message = "scripted error") =>
        new() { ErrorStatus = status, ErrorType = type, ErrorMessage = message };

    /// <summary>A reply that asks the client to run tools (stop reason <c>tool_use</c>), as Claude Code's model would.</summary>
    public static FakeReply WithTools(params FakeToolUse[] tools) => new() { ToolUses = tools, StopReason = "tool_use", Chunks = 1 };

    /// <summary>This reply with a pause before each chunk.</summary>
    public FakeReply Slow(TimeSpan delayPerChunk) => this with { DelayPerChunk = delayPerChunk };
}

/// <summary>One scripted tool call: the tool's name and its input as a JSON object.</summary>
public sealed record FakeToolUse(string Name, string InputJson)
{
    public string Id { get; init; } = $"toolu_fake_{Guid.NewGuid():N}";
}
