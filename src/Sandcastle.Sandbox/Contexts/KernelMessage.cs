using System.Text.Json;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>One message of the kernel: <c>ready</c>, <c>result</c>, <c>error</c>, <c>sync</c> (stderr drained) or <c>done</c>.</summary>
internal sealed record KernelMessage(string Type, int Cell, ContextEvent? Event)
{
    public static KernelMessage? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var type = root.TryGetProperty("t", out var t) ? t.GetString() ?? "" : "";
            var cell = root.TryGetProperty("cell", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            ContextEvent? item = type switch
            {
                "result" => new ContextResult(ReadBundle(root)),
                "error" => new ContextError(
                    String(root, "name") ?? "Error",
                    String(root, "message") ?? "",
                    root.TryGetProperty("traceback", out var tb) && tb.ValueKind == JsonValueKind.Array
                        ? [.. tb.EnumerateArray().Select(l => l.ToString())]
                        : []),
                _ => null,
            };
            return new KernelMessage(type, cell, item);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ReadBundle(JsonElement root)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject())
                bundle[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        return bundle;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
