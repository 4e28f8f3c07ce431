using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sandcastle.Generation;

namespace Sandcastle.Server.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", DescribeService).WithSummary("This description of the API.");
        app.MapGet("/health", CheckHealthAsync).WithSummary("Liveness and readiness: sandbox engine usable, model configured.");
        return app;
    }

    private static Ok<ServiceInfo> DescribeService(EndpointDataSource endpoints, HttpContext context)
    {
        var described = endpoints.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => (Key: $"{method} /{e.RoutePattern.RawText?.TrimStart('/')}",
                    Summary: e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? "")))
            .DistinctBy(e => e.Key)
            .OrderBy(e => e.Key.Split(' ')[1], StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Summary);
        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        return TypedResults.Ok(new ServiceInfo(
            "Sandcastle",
            ServerVersion.Current,
            described,
            $"curl -X POST {origin}/execute -H 'Content-Type: application/json' -d '{{\"question\": \"What is 2^10?\"}}' "
            + "(add -H 'Accept: text/event-stream' to watch the code and its output arrive live)"));
    }

    private static async Task<IResult> CheckHealthAsync(SandboxHealthProbe probe, IOptions<GenerationOptions> generation, TimeProvider time, Cluster.ClusterStatus cluster, CancellationToken cancellationToken)
    {
        var sandbox = await probe.CheckAsync(cancellationToken);
        var report = new HealthReport(
            sandbox.Usable ? "healthy" : "unhealthy",
            time.GetUtcNow(),
            new SandboxReadiness(sandbox.Usable, sandbox.CgroupVersion, sandbox.Problem),
            new ModelReadiness(!string.IsNullOrWhiteSpace(generation.Value.ApiKey), generation.Value.Model),
            await cluster.ReadAsync());
        return TypedResults.Json(report, statusCode: sandbox.Usable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
