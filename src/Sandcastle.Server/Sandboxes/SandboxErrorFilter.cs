using Microsoft.AspNetCore.Http;
using Sandcastle.Server.Cluster;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Answers a request a grain refused with the matching status and error body. In a cluster, an idempotent request
/// that meets a node's death or a sandbox changing nodes is tried again (for up to <see cref="ClusterFailures.RetryBudget"/>)
/// before the 503 with Retry-After goes out.
/// </summary>
internal sealed class SandboxErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var deadline = DateTime.UtcNow + ClusterFailures.RetryBudget;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (ClusterFailures.IsTransient(e) && !http.Response.HasStarted)
            {
                if (!ClusterFailures.MayRetry(e, http.Request.Method) || DateTime.UtcNow >= deadline || http.RequestAborted.IsCancellationRequested)
                {
                    http.Response.Headers.RetryAfter = "1";
                    return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", ClusterFailures.Message);
                }
                await Task.Delay(ClusterFailures.Backoff(attempt), http.RequestAborted);
            }
            catch (SandboxRequestException e)
            {
                return SandboxErrors.From(e);
            }
        }
    }
}
