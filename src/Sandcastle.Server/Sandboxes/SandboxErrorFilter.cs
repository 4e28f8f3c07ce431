using Microsoft.AspNetCore.Http;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Answers a request a grain refused with the matching status and error body.</summary>
internal sealed class SandboxErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (SandboxRequestException e)
        {
            return SandboxErrors.From(e);
        }
    }
}
