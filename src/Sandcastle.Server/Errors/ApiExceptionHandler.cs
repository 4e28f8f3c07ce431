using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;
using Sandcastle.Server.Hosting;

namespace Sandcastle.Server.Errors;

/// <summary>
/// Turns exceptions that escape an endpoint into an <see cref="ApiError"/> with the right status. Unknown
/// exceptions become a 500 that names the trace id but not the exception's text (it may hold paths or data).
/// </summary>
internal sealed class ApiExceptionHandler(IOptions<ServerOptions> options, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
            return true;
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiErrors.PayloadTooLarge(httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.Value.MaxRequestBodyBytes),
            BadHttpRequestException bad => ApiErrors.Create(bad.StatusCode, "Bad request", bad.Message),
            InvalidSandboxIdException invalid => ApiErrors.BadRequest("Invalid sandboxId", invalid.Message),
            SandboxUnavailableException unavailable => ApiErrors.Create(StatusCodes.Status503ServiceUnavailable, "Sandbox unavailable", unavailable.Message),
            WorkspaceQuotaExceededException quota => ApiErrors.Create(StatusCodes.Status507InsufficientStorage, "Workspace quota exceeded", quota.Message),
            _ => null,
        };
        if (result is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            result = ApiErrors.Create(StatusCodes.Status500InternalServerError, "Internal server error",
                $"The server failed unexpectedly; the log has the details (trace id {httpContext.TraceIdentifier}).");
        }
        await result.ExecuteAsync(httpContext);
        return true;
    }
}
