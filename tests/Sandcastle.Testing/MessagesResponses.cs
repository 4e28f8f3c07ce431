using System.Text.Json.Nodes;

namespace Sandcastle.Testing;

/// <summary>The JSON bodies and SSE events of the Messages API, as the real API shapes them.</summary>
internal static class MessagesResponses
{
    public static JsonObject Message(string id, string model, string text, string? stopReason, long inputTokens, long outputTokens) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = text.Length == 0 ? new JsonArray() : new JsonArray(TextBlock(text)),
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = outputTokens },
    };

    public static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    public static JsonObject MessageStart(string id, string model, long inputTokens) => new()
    {
        ["type"] = "message_start",
        ["message"] = Message(id, model, "", null, inputTokens, 1),
    };

    public static JsonObject ContentBlockStart(int index = 0) => new() { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = TextBlock("") };

    public static JsonObject ToolUseStart(int index, FakeToolUse tool) => new()
    {
        ["type"] = "content_block_start",
        ["index"] = index,
        ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = tool.Id, ["name"] = tool.Name, ["input"] = new JsonObject() },
    };

    public static JsonObject InputJsonDelta(int index, string json) => new()
    {
        ["type"] = "content_block_delta",
        ["index"] = index,
        ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = json },
    };

    public static JsonObject Ping() => new() { ["type"] = "ping" };

    public static JsonObject TextDelta(string text) => new()
    {
        ["type"] = "content_block_delta",
        ["index"] = 0,
        ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text },
    };

    public static JsonObject ContentBlockStop(int index = 0) => new() { ["type"] = "content_block_stop", ["index"] = index };

    public static JsonObject MessageDelta(string stopReason, long outputTokens) => new()
    {
        ["type"] = "message_delta",
        ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
        ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
    };

    public static JsonObject MessageStop() => new() { ["type"] = "message_stop" };

    public static JsonObject Error(string type, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
    };

    public static string ErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    /// <summary>Splits text into <paramref name="count"/> nearly equal pieces without splitting a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int count)
    {
        count = Math.Clamp(count, 1, Math.Max(1, text.Length));
        var pieces = new List<string>(count);
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = i == count ? text.Length : text.Length * i / count;
            if (end > start && end < text.Length && char.IsHighSurrogate(text[end - 1]))
                end++;
            if (end > start)
                pieces.Add(text[start..end]);
            start = Math.Max(start, end);
        }
        return pieces;
    }
}
