using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Previews;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// Preview URLs in a cluster: a port opened on the sandbox's node is recorded in Redis, and a preview request that
/// reaches another node (a load balancer picks any) is forwarded to that node. On a single node: nothing to do.
/// </summary>
internal sealed class ClusterPreviews(IServiceProvider services, NodeForwarder forwarder)
{
    private readonly NodeRegistry? _registry = services.GetService<NodeRegistry>();
    private readonly PreviewRoutes? _routes = services.GetService<PreviewRoutes>();

    public Task OpenedAsync(PreviewPort preview) =>
        _routes is null || _registry is null ? Task.CompletedTask : _routes.PublishAsync(preview, _registry.LocalNode);

    public Task ClosedAsync(PreviewPort preview) => _routes?.RemoveAsync(preview) ?? Task.CompletedTask;

    /// <summary>True when another node serves the token and the request went there.</summary>
    public async Task<bool> TryForwardAsync(HttpContext http, string token)
    {
        if (_routes is null || _registry is null || NodeForwarder.WasForwarded(http))
            return false;
        if (await _routes.FindNodeAsync(token) is not { } node || node == _registry.LocalNode)
            return false;
        var nodes = await _registry.ReadAsync();
        if (nodes.GetValueOrDefault(node) is not { } info || !_registry.IsAlive(info))
            return false;
        await forwarder.ForwardAsync(http, info.HttpAddress, _registry.LocalNode);
        return true;
    }
}
