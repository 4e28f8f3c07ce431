using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Execute;

/// <summary>
/// Reads and checks a POST /execute body, so every mistake gets a 400 that says what to change rather than the
/// framework's bare binding failure.
/// </summary>
public sealed class ExecuteRequestReader(
    IOptions<ExecuteOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<NetworkOptions> network)
{
    private static readonly string[] OfferedLanguages = ["python", "javascript", "typescript", "bash"];

    /// <summary>The command, or the error to answer with.</summary>
    public async Task<(ExecuteCommand? Command, ApiError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ExecuteRequestBody? body;
        try
        {
            body = request.ContentLength == 0 ? null
                : await JsonSerializer.DeserializeAsync<ExecuteRequestBody>(request.Body, json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException e) when (e.Path is { Length: > 2 } path && e.BytePositionInLine is not null && IsTypeMismatch(e))
        {
            return (null, new ApiError("Invalid request body", $"The field '{path[2..]}' has a value of the wrong type. {ExampleBody}"));
        }
        catch (JsonException e)
        {
            return (null, new ApiError("Invalid JSON", $"The request body is not a valid JSON object (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}). {ExampleBody}"));
        }
        return Validate(body, WantsEventStream(request));
    }

    private (ExecuteCommand?, ApiError?) Validate(ExecuteRequestBody? body, bool acceptsEventStream)
    {
        var limits = options.Value;
        if (string.IsNullOrWhiteSpace(body?.Question))
            return Fail("Question is required", $"Send a JSON body with a non-empty \"question\". {ExampleBody}");
        var language = SandboxLanguage.Python;
        if (body.Language is not null)
        {
            if (!SandboxLanguageNames.TryParse(body.Language, out var parsed))
                return Fail("Unsupported language", $"Language '{body.Language}' is not supported; use one of: {string.Join(", ", OfferedLanguages)}.");
            language = parsed.Value;
        }
        if (body.MaxTokens is { } tokens && (tokens < 1 || tokens > limits.MaxTokensLimit))
            return Fail("Invalid maxTokens", $"maxTokens must be between 1 and {limits.MaxTokensLimit}; it was {tokens}.");
        if (body.Timeout is { } timeout && (timeout < 1 || timeout > limits.MaxTimeoutMs))
            return Fail("Invalid timeout", $"timeout is in milliseconds and must be between 1 and {limits.MaxTimeoutMs}; it was {timeout}.");
        if (body.MaxAttempts is { } attempts && (attempts < 1 || attempts > limits.MaxAttemptsLimit))
            return Fail("Invalid maxAttempts", $"maxAttempts must be between 1 and {limits.MaxAttemptsLimit}; it was {attempts}.");
        if (body.SandboxId is not null && !SandboxIds.IsValid(body.SandboxId))
            return Fail("Invalid sandboxId", "sandboxId must be 1 to 63 characters of lowercase letters, digits and '-', starting with a letter or digit.");

        if (body.Role is { Length: var roleLength } && roleLength > limits.MaxRoleLength)
            return Fail("Invalid role", $"role must be at most {limits.MaxRoleLength} characters; it was {roleLength}.");
        if (body.Model is not null && !ModelIds.IsValid(body.Model))
            return Fail("Invalid model", $"model must be 1 to {ModelIds.MaxLength} characters of letters, digits and '.', '-', '_', ':', '@' or '/', such as \"{Sandcastle.Generation.Models.ClaudeModels.Sonnet}\".");

        NetworkPolicy? policy = null;
        if (body.Network?.Allow is { } allow)
        {
            try
            {
                policy = NetworkSettings.Check(allow, network.Value);
            }
            catch (SandboxRequestException e)
            {
                return Fail("Invalid network", e.Message);
            }
        }

        var request = new ExecutionRequest(body.Question.Trim(), language)
        {
            Role = string.IsNullOrWhiteSpace(body.Role) ? null : body.Role.Trim(),
            Model = body.Model,
            MaxTokens = (int?)body.MaxTokens,
            Timeout = body.Timeout is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            MaxAttempts = (int?)body.MaxAttempts,
        };
        return (new ExecuteCommand(request, body.SandboxId, body.Stream ?? acceptsEventStream) { Network = policy }, null);
    }

    private static (ExecuteCommand?, ApiError?) Fail(string error, string message) => (null, new ApiError(error, message));

    private static bool WantsEventStream(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    // The serializer's conversion failures carry a path ("$.timeout") and "could not be converted"; syntax errors do not.
    private static bool IsTypeMismatch(JsonException e) => e.Message.Contains("could not be converted", StringComparison.Ordinal);

    private const string ExampleBody = """Example: {"question": "What is 2^10?", "language": "python"}.""";
}
