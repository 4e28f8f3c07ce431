using Microsoft.AspNetCore.Http;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Maps workspace file errors to statuses: missing 404, bad or escaping path 400, state conflicts 409, quota 413.</summary>
internal sealed class WorkspaceErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Map(e) is { } result)
        {
            return result;
        }
    }

    private static IResult? Map(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => SandboxErrors.Create(StatusCodes.Status404NotFound, "file_not_found", exception.Message),
        WorkspacePathException => SandboxErrors.Create(StatusCodes.Status400BadRequest, "invalid_path", exception.Message),
        WorkspaceQuotaExceededException => SandboxErrors.Create(StatusCodes.Status413PayloadTooLarge, "workspace_quota", exception.Message),
        UnauthorizedAccessException => SandboxErrors.Create(StatusCodes.Status403Forbidden, "forbidden", exception.Message),
        IOException and not BadHttpRequestException => SandboxErrors.Create(StatusCodes.Status409Conflict, "file_conflict", exception.Message),
        _ => null,
    };
}
