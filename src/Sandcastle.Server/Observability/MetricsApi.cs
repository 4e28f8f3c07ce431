using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Observability;

public static class MetricsApi
{
    /// <summary>Maps <c>GET /metrics</c> (Prometheus text): loopback callers only unless <see cref="MetricsOptions.AllowRemote"/>.</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(RefuseRemoteAsync), optionsName: null)
            .WithSummary("Metrics in Prometheus text format (executions, durations, tokens, active sandboxes, HTTP); loopback only by default.");
        return endpoints;
    }

    private static async Task RefuseRemoteAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.AllowRemote && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            await SandboxErrors.Create(StatusCodes.Status403Forbidden, "forbidden",
                "/metrics answers loopback callers only; set Metrics:AllowRemote=true to let a remote scraper in.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
