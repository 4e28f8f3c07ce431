using System.Net;
using Microsoft.AspNetCore.Http;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Tenancy;

/// <summary>Resolves the tenant of a request from <c>Authorization: Bearer KEY</c>; missing or unknown keys get 401.</summary>
internal sealed class TenantFilter(ApiKeyRegistry keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (keys.IsOpen && http.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            return SandboxErrors.Create(StatusCodes.Status403Forbidden, "forbidden", "This server has no API keys and only answers loopback callers; set SANDCASTLE_API_KEYS.");
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (keys.Find(key) is not { } tenant)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return SandboxErrors.Create(StatusCodes.Status401Unauthorized, "unauthorized",
                key is null ? "Send an API key as 'Authorization: Bearer KEY'." : "The API key is not known to this server.");
        }
        tenant.AttachTo(http);
        return await next(context);
    }
}
