namespace Sandcastle.Testing;

/// <summary>A Messages API request as the fake server received it.</summary>
/// <param name="Model">The "model" field.</param>
/// <param name="MaxTokens">The "max_tokens" field.</param>
/// <param name="System">The system prompt, text blocks joined; null when none.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Stream">Whether it asked for SSE.</param>
/// <param name="Body">The raw JSON body.</param>
/// <param name="Headers">Request headers (names lower-case).</param>
public sealed record RecordedRequest(
    string Model,
    long MaxTokens,
    string? System,
    IReadOnlyList<RecordedMessage> Messages,
    bool Stream,
    string Body,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The text of the last user turn.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Text ?? "";

    /// <summary>The contents of the tool_result blocks in the last user turn (what the client's tools returned).</summary>
    public string LastToolResults => Messages.LastOrDefault(m => m.Role == "user")?.ToolResults ?? "";
}
