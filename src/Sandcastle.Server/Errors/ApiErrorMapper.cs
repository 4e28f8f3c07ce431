using Microsoft.AspNetCore.Http;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Errors;

/// <summary>
/// The status and <see cref="ApiError"/> for exceptions the server expects: the same mapping answers a JSON
/// request and fills an SSE "error" event. Null for anything unexpected.
/// </summary>
public static class ApiErrorMapper
{
    public static (int Status, ApiError Error)? TryMap(Exception exception) => exception switch
    {
        ModelNotConfiguredException missing => (StatusCodes.Status500InternalServerError, new ApiError("Anthropic API key is not configured", missing.Message)),
        ModelException model => Model(model),
        InvalidSandboxIdException invalid => (StatusCodes.Status400BadRequest, new ApiError("Invalid sandboxId", invalid.Message)),
        InvalidSandboxLimitsException limits => (StatusCodes.Status400BadRequest, new ApiError("Invalid limits", limits.Message)),
        SandboxUnavailableException unavailable => (StatusCodes.Status503ServiceUnavailable, new ApiError("Sandbox unavailable", unavailable.Message)),
        WorkspaceQuotaExceededException quota => (StatusCodes.Status507InsufficientStorage, new ApiError("Workspace quota exceeded", quota.Message)),
        _ => null,
    };

    // The model's failure is not the server's: 502 (bad gateway), or 503 when waiting and retrying may help.
    private static (int, ApiError) Model(ModelException model) => model.Kind switch
    {
        ModelErrorKind.Unauthorized => (StatusCodes.Status502BadGateway, new ApiError("Anthropic API key rejected", model.Message)),
        ModelErrorKind.RateLimited => (StatusCodes.Status503ServiceUnavailable, new ApiError("Model API rate limited",
            $"{model.Message} Retries did not help; try again later.")),
        ModelErrorKind.Overloaded => (StatusCodes.Status503ServiceUnavailable, new ApiError("Model API overloaded",
            $"{model.Message} Retries did not help; try again later.")),
        ModelErrorKind.Unavailable => (StatusCodes.Status502BadGateway, new ApiError("Model API unavailable", model.Message)),
        ModelErrorKind.InvalidRequest => (StatusCodes.Status502BadGateway, new ApiError("Model API refused the request", model.Message)),
        _ => (StatusCodes.Status502BadGateway, new ApiError("Model API failed", model.Message)),
    };
}
