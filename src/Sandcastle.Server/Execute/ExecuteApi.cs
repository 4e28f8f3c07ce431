using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Execute;

public static class ExecuteApi
{
    public static IEndpointRouteBuilder MapExecuteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/execute", ExecuteAsync)
            .WithSummary("Turn a question into code, run it in a sandbox, return code, output and errors (SSE with Accept: text/event-stream or \"stream\": true).");
        return app;
    }

    private static async Task<IResult> ExecuteAsync(
        HttpContext context, ExecuteRequestReader reader, ExecuteService service, CancellationToken cancellationToken)
    {
        var (command, error) = await reader.ReadAsync(context.Request, cancellationToken);
        if (command is null)
            return ApiErrors.BadRequest(error!.Error, error.Message);
        service.EnsureModelConfigured();
        if (command.Stream)
            return TypedResults.ServerSentEvents(service.StreamAsync(command, cancellationToken));
        return TypedResults.Ok(await service.RunAsync(command, cancellationToken));
    }
}
