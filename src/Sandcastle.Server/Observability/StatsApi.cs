using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Observability;

public static class StatsApi
{
    /// <summary>Maps <c>GET /v1/stats</c>, behind the /v1 API's key check: a tenant sees only its own sandboxes and executions.</summary>
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/v1")
            .AddEndpointFilter<TenantFilter>()
            .MapGet("/stats", ReadAsync)
            .WithSummary("The server's version and uptime, your sandboxes with their state and usage, running and recent executions.");
        return endpoints;
    }

    private static async Task<Ok<StatsResponse>> ReadAsync(HttpContext http, StatsReader stats, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.ReadAsync(Tenant.From(http).Id, cancellationToken));
}
