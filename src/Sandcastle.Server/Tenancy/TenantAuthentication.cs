using System.Net;
using Microsoft.AspNetCore.Http;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// Who is calling: the tenant of <c>Authorization: Bearer KEY</c>, attached to the request, or the refusal to answer
/// with (401 for a missing or unknown key, 403 for a remote caller of a key-less server). One rule for every door:
/// the REST API's endpoint filter and the MCP endpoint both ask here.
/// </summary>
internal static class TenantAuthentication
{
    /// <summary>Null when the caller is known (its tenant is then attached); else the response to send.</summary>
    public static IResult? Authenticate(HttpContext http, ApiKeyRegistry keys)
    {
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
        return null;
    }
}
