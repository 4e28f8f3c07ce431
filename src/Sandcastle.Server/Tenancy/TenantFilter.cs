using Microsoft.AspNetCore.Http;

namespace Sandcastle.Server.Tenancy;

/// <summary>Resolves the tenant of a request from <c>Authorization: Bearer KEY</c>; missing or unknown keys get 401.</summary>
internal sealed class TenantFilter(ApiKeyRegistry keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        TenantAuthentication.Authenticate(context.HttpContext, keys) ?? await next(context);
}
