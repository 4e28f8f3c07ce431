using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
        var mapped = ApiErrorMapper.TryMap(exception);
        if (Cluster.ClusterFailures.IsTransient(exception))
        {
            httpContext.Response.Headers.RetryAfter = "1";
            mapped = (StatusCodes.Status503ServiceUnavailable, new ApiError("Service unavailable", Cluster.ClusterFailures.Message));
        }
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiErrors.PayloadTooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.Value.MaxRequestBodyBytes),
            BadHttpRequestException bad => ApiErrors.Create(bad.StatusCode, "Bad request", bad.Message),
            _ when mapped is { } known => ApiErrors.Create(known.Status, known.Error.Error, known.Error.Message),
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
