using System.Net;
using Anthropic.Exceptions;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Providers;

/// <summary>Maps the SDK's exceptions to <see cref="ModelException"/>, keeping the key out of every message.</summary>
internal static class AnthropicErrors
{
    public static ModelException Map(Exception error, GenerationOptions settings)
    {
        var exception = error switch
        {
            AnthropicApiException api => FromStatus((int)api.StatusCode, api.ApiMessage ?? api.Message, error),
            AnthropicSseException sse => FromErrorType(sse.Type?.Raw(), sse.ApiMessage ?? sse.Message, error),
            AnthropicIOException or HttpRequestException =>
                new ModelException(ModelErrorKind.Unavailable, null, $"Could not reach the model API at {Host(settings)}: {error.Message}", error),
            OperationCanceledException =>
                new ModelException(ModelErrorKind.Unavailable, null, $"The model API did not answer within {settings.RequestTimeout.TotalSeconds:0} s.", error),
            _ => new ModelException(ModelErrorKind.Other, null, $"The model call failed: {error.Message}", error),
        };
        // The SDK's own exception quotes the response body; if that echoes the key, it must not travel (or be logged) with ours.
        var inner = ApiKeyHelp.Redact(error.ToString(), settings.ApiKey) == error.ToString() ? error : null;
        var message = ApiKeyHelp.Redact(exception.Message, settings.ApiKey);
        return message == exception.Message && inner is not null ? exception : new ModelException(exception.Kind, exception.StatusCode, message, inner);
    }

    private static ModelException FromStatus(int status, string detail, Exception error) => status switch
    {
        (int)HttpStatusCode.Unauthorized => Unauthorized(status, error),
        (int)HttpStatusCode.TooManyRequests => new(ModelErrorKind.RateLimited, status, $"The model API is rate limiting requests (HTTP 429): {detail}", error),
        529 => new(ModelErrorKind.Overloaded, status, $"The model API is overloaded (HTTP 529): {detail}", error),
        >= 500 => new(ModelErrorKind.Unavailable, status, $"The model API failed (HTTP {status}): {detail}", error),
        400 or 403 or 404 or 413 or 422 => new(ModelErrorKind.InvalidRequest, status, $"The model API refused the request (HTTP {status}): {detail}", error),
        _ => new(ModelErrorKind.Other, status, $"The model API answered HTTP {status}: {detail}", error),
    };

    // Errors sent as an SSE "error" event after the stream began have a type but no status.
    private static ModelException FromErrorType(string? type, string detail, Exception error) => type switch
    {
        "authentication_error" => Unauthorized(null, error),
        "rate_limit_error" => new(ModelErrorKind.RateLimited, null, $"The model API is rate limiting requests: {detail}", error),
        "overloaded_error" => new(ModelErrorKind.Overloaded, null, $"The model API is overloaded: {detail}", error),
        "api_error" or "timeout_error" => new(ModelErrorKind.Unavailable, null, $"The model API failed: {detail}", error),
        "invalid_request_error" or "not_found_error" or "permission_error" =>
            new(ModelErrorKind.InvalidRequest, null, $"The model API refused the request: {detail}", error),
        _ => new(ModelErrorKind.Other, null, $"The model stream failed: {detail}", error),
    };

    private static ModelException Unauthorized(int? status, Exception error) => new(
        ModelErrorKind.Unauthorized,
        status,
        $"The Anthropic API rejected the API key{(status is { } code ? $" (HTTP {code})" : "")}. {ApiKeyHelp.WaysToSet}",
        error);

    private static string Host(GenerationOptions settings) =>
        string.IsNullOrWhiteSpace(settings.BaseUrl) ? "https://api.anthropic.com" : settings.BaseUrl;
}
