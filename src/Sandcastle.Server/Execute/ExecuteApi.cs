using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Execute;

public static class ExecuteApi
{
    public static IEndpointRouteBuilder MapExecuteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/execute", ExecuteAsync)
            // Same keys, tenants and per-tenant execution limits as the /v1 API: a model call costs money.
            .AddEndpointFilter<TenantFilter>()
            .AddEndpointFilter<ExecutionLimitFilter>()
            .WithSummary("Turn a question into code, run it in a sandbox, return code, output and errors (SSE with Accept: text/event-stream or \"stream\": true).");
        return app;
    }

    private static async Task<IResult> ExecuteAsync(
        HttpContext context, ExecuteRequestReader reader, ExecuteService service, CancellationToken cancellationToken)
    {
        var (command, error) = await reader.ReadAsync(context.Request, cancellationToken);
        if (command is null)
            return ApiErrors.BadRequest(error!.Error, error.Message);
        service.EnsureReady();
        command = command with { TenantId = Tenant.From(context).Id };
        if (command.Stream)
            return TypedResults.ServerSentEvents(service.StreamAsync(command, cancellationToken));
        return TypedResults.Ok(await service.RunAsync(command, cancellationToken));
    }
}
