using System.Text.Json;

namespace Sandcastle.Client.Http;

/// <summary>Reads the server's <c>{error, message, code}</c> body, tolerating one that is not JSON (a proxy's page).</summary>
internal static class ApiErrorReader
{
    public static SandcastleApiException FromBody(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return FromJson(status, document.RootElement);
        }
        catch (JsonException)
        {
            var text = body.Length > 300 ? body[..300] : body;
            return new SandcastleApiException(status, $"HTTP {status}", string.IsNullOrWhiteSpace(text) ? $"The server answered HTTP {status}." : text);
        }
    }

    public static SandcastleApiException FromJson(int status, JsonElement root)
    {
        var error = Text(root, "error") ?? $"HTTP {status}";
        var message = Text(root, "message") ?? error;
        var code = Text(root, "code");
        if (status == 0 && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) && s.TryGetInt32(out var inStream))
            status = inStream;
        return new SandcastleApiException(status, error, message, code);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
