using System.Text.Json;

namespace Sandcastle.Cli.Running;

/// <summary>Turns a server's <c>{error, message}</c> answer into the CLI failure it means.</summary>
public static class ServerErrors
{
    public static CliFailureException From(int status, string? error, string? message)
    {
        var text = string.IsNullOrWhiteSpace(message) ? error ?? $"HTTP {status}" : message;
        var failure = Describe(status, error, text);
        return new CliFailureException(failure.ExitCode, failure.Message, failure.InnerException) { HttpStatus = status };
    }

    private static CliFailureException Describe(int status, string? error, string text)
    {
        return (status, error) switch
        {
            // The server's own text tells a curl user about headers; a CLI user needs the option.
            (401, _) => new(ExitCodes.NotConfigured,
                $"the server wants an API key, and none or an unknown one was given: add --api-key KEY, or set {Sandcastle.Client.SandcastleClient.ApiKeyVariable}."),
            (404, _) => new(ExitCodes.Failure, text),
            (_, "Anthropic API key is not configured") => new(ExitCodes.NotConfigured, $"the server has no Anthropic API key: {text}"),
            (_, "Sandbox unavailable") => new(ExitCodes.SandboxUnavailable, $"the server's sandbox is unavailable: {text}"),
            (_, { } e) when e.StartsWith("Model API", StringComparison.Ordinal) || e.StartsWith("Anthropic API key", StringComparison.Ordinal)
                => new(ExitCodes.ModelError, $"the model API failed: {text}"),
            // As on this machine: a named thing that does not exist (or already does) is a failure, not bad usage.
            _ when status is 404 or 409 => new(ExitCodes.Failure, $"the server says: {text}"),
            _ when status is >= 400 and < 500 => new(ExitCodes.Usage, $"the server refused the request ({status} {error}): {text}"),
            _ => new(ExitCodes.Failure, $"the server failed ({status} {error}): {text}"),
        };
    }

    public static CliFailureException FromBody(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return From(status, Text(root, "error"), Text(root, "message"));
        }
        catch (JsonException)
        {
            return From(status, null, body.Length > 200 ? body[..200] : body);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
