using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sandcastle.Server.Cluster;
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
            .WithSummary("The server's version and uptime, your sandboxes with their state and usage, running and recent executions (on a cluster node: the whole cluster's).");
        return endpoints;
    }

    /// <summary>
    /// On a cluster node, the whole cluster: the other live nodes give their parts. A node asked for its part by
    /// another answers that part alone, so one request asks each node once.
    /// </summary>
    private static async Task<Ok<StatsResponse>> ReadAsync(HttpContext http, StatsReader stats, ClusterStatsPeers peers, CancellationToken cancellationToken)
    {
        var local = await stats.ReadAsync(Tenant.From(http).Id, cancellationToken);
        if (local.Cluster is not { } cluster || NodeForwarder.WasForwarded(http))
            return TypedResults.Ok(local);
        var (parts, unanswered) = await peers.ReadAsync(http, cluster, cancellationToken);
        return TypedResults.Ok(StatsMerge.Merge(local, parts, unanswered));
    }
}
