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
    private static async Task<Ok<StatsResponse>> ReadAsync(
        HttpContext http, StatsReader stats, ClusterStatus clusterStatus, ClusterStatsPeers peers, CancellationToken cancellationToken)
    {
        var tenant = Tenant.From(http).Id;
        var cluster = NodeForwarder.WasForwarded(http) ? null : await clusterStatus.ReadAsync();
        // The other nodes read their parts while this one reads its own.
        var others = cluster is null ? null : peers.ReadAsync(http, tenant, cluster, cancellationToken);
        var local = await stats.ReadAsync(tenant, cancellationToken);
        if (others is null)
            return TypedResults.Ok(local);
        var (parts, unanswered) = await others;
        return TypedResults.Ok(StatsMerge.Merge(local, parts, unanswered));
    }
}
