using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Sessions.Cluster;

namespace Sandcastle.Server.Cluster;

public static class ClusterApi
{
    public static IServiceCollection AddClusterRouting(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton<NodeForwarder>();
        services.AddSingleton<OwnerForwardingMiddleware>();
        services.AddSingleton<ClusterPreviews>();
        services.AddSingleton<ClusterStatus>();
        services.AddSingleton<ClusterStatsPeers>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /v1/node/drain</c>: this node hands its sandboxes to the others and exits. Only a caller on this
    /// machine may ask (the operator's <c>sandcastle node drain</c>), never a remote client, keyed or not.
    /// </summary>
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/node/drain", Drain)
            .WithSummary("Cluster: snapshot this node's sandboxes, let other nodes take them, then stop (loopback callers only).");
        return endpoints;
    }

    private static IResult Drain(HttpContext http, IServiceProvider services, IHostApplicationLifetime lifetime)
    {
        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            return SandboxErrors.Create(StatusCodes.Status403Forbidden, "forbidden", "Only a caller on the node's own machine may drain it.");
        if (services.GetService<NodeRegistry>() is not { } registry)
            return SandboxErrors.Create(StatusCodes.Status409Conflict, "conflict", "This server is not a cluster node (start it with --cluster); stop it instead.");
        // The drain itself runs as the host stops (as on SIGTERM): snapshot, release, wake elsewhere, then exit.
        lifetime.StopApplication();
        return TypedResults.Accepted((string?)null, new { node = registry.LocalNode, draining = true });
    }
}

/// <summary>The cluster for /health and /v1/stats: live nodes and their load; null on a single node.</summary>
public sealed class ClusterStatus(IServiceProvider services)
{
    private readonly NodeRegistry? _registry = services.GetService<NodeRegistry>();

    public async Task<ClusterView?> ReadAsync()
    {
        if (_registry is null)
            return null;
        try
        {
            var nodes = await _registry.ReadAliveAsync();
            return new ClusterView(_registry.LocalNode, [.. nodes.Select(n => new ClusterNodeView(n.Name, n.HttpAddress, n.Sandboxes, n.Cpu, n.Memory, n.Draining))]);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new ClusterView(_registry.LocalNode, []);
        }
    }
}
