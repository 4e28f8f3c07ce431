using Microsoft.AspNetCore.Http;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// Holds one of the tenant's execution permits for the whole response (a stream included: the lease is disposed
/// with the request, not when the endpoint returns its result).
/// </summary>
internal sealed class ExecutionLimitFilter(ExecutionLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var lease = limiter.TryAcquire(Tenant.From(http));
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return SandboxErrors.Create(StatusCodes.Status429TooManyRequests, "too_many_requests",
                "This tenant already runs as many executions as it may at once; retry when one ends.");
        }
        http.Response.RegisterForDispose(lease);
        return await next(context);
    }
}
