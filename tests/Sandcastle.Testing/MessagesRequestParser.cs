using System.Text.Json;

namespace Sandcastle.Testing;

/// <summary>Reads the parts of a Messages API body that tests assert on.</summary>
internal static class MessagesRequestParser
{
    public static RecordedRequest Parse(string body, IReadOnlyDictionary<string, string> headers)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var messages = root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(m => new RecordedMessage(m.GetProperty("role").GetString() ?? "", TextOf(m.GetProperty("content")), ToolResultsOf(m.GetProperty("content"))))]
            : new List<RecordedMessage>();
        return new RecordedRequest(
            root.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "",
            root.TryGetProperty("max_tokens", out var maxTokens) ? maxTokens.GetInt64() : 0,
            root.TryGetProperty("system", out var system) ? TextOf(system) : null,
            messages,
            root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            body,
            headers);
    }

    private static string ToolResultsOf(JsonElement content) => content.ValueKind != JsonValueKind.Array ? "" : string.Join("\n",
        content.EnumerateArray()
            .Where(b => b.TryGetProperty("type", out var type) && type.GetString() == "tool_result" && b.TryGetProperty("content", out _))
            .Select(b => b.GetProperty("content") is { ValueKind: JsonValueKind.String } text ? text.GetString() : TextOf(b.GetProperty("content"))));

    // Content is either a string or a list of blocks; only text blocks carry text.
    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(b => b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetString())),
        _ => "",
    };
}
