using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// In a cluster, sends requests for a sandbox's files and ports (endpoints marked <see cref="OwnerNodeOnly"/>) to the
/// node the sandbox is awake on; every other sandbox call is a grain call, which Orleans routes by itself. Runs after
/// routing and before the endpoint reads the body, so the body streams on untouched. On a single node it does nothing.
/// </summary>
internal sealed class OwnerForwardingMiddleware(IServiceProvider services, ApiKeyRegistry keys, SandboxDirectory sandboxes, NodeForwarder forwarder) : IMiddleware
{
    /// <summary>
    /// How long a non-owner trusts where a sandbox is, to spare a remote grain call per forwarded request. A stale
    /// entry costs one more hop (the old owner forwards on) or, if that node died, one fresh locate.
    /// </summary>
    private static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(5);

    private readonly NodeRegistry? _registry = services.GetService<NodeRegistry>();
    private readonly ConcurrentDictionary<string, (SandboxLocation Location, long ExpiresAt)> _remote = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_registry is null || context.GetEndpoint()?.Metadata.GetMetadata<OwnerNodeOnly>() is null
            || context.GetRouteValue("id") is not string id || !Sandcastle.Sandbox.SandboxIds.IsValid(id)
            || TenantAuthentication.Authenticate(context, keys) is not null)
        {
            // Not ours to route: the endpoint (and its filters: 401, 400, 404) answers.
            await next(context);
            return;
        }
        var address = new SandboxAddress(Tenant.From(context).Id, id);
        var hops = NodeForwarder.Hops(context);
        // A request without a body can be sent again if the remembered node is gone; one with a body cannot.
        var resendable = context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding");
        if (hops == 0 && _remote.TryGetValue(address.GrainKey, out var remembered) && remembered.ExpiresAt > Environment.TickCount64)
        {
            if (await forwarder.ForwardAsync(context, remembered.Location.HttpAddress, _registry.LocalNode, answerFailure: !resendable))
                return;
            _remote.TryRemove(address.GrainKey, out _);
            if (!resendable)
                return;
        }
        SandboxLocation location;
        try
        {
            // Locating has no side effect: retried across a node's death whatever the request's method.
            var grain = sandboxes.Get(address);
            location = await ClusterFailures.RetryAsync(grain.LocateAsync, context.RequestAborted);
        }
        catch (SandboxRequestException e) when (e.Kind == SandboxErrorKind.NotFound)
        {
            _remote.TryRemove(address.GrainKey, out _);
            await next(context);
            return;
        }
        if (location.Node == _registry.LocalNode)
        {
            _remote.TryRemove(address.GrainKey, out _);
            await next(context);
        }
        else if (hops >= NodeForwarder.MaxHops || string.IsNullOrEmpty(location.HttpAddress))
        {
            await NodeForwarder.UnavailableAsync(context, $"Sandbox '{id}' is moving between nodes; retry shortly.");
        }
        else
        {
            _remote[address.GrainKey] = (location, Environment.TickCount64 + (long)RememberFor.TotalMilliseconds);
            if (!await forwarder.ForwardAsync(context, location.HttpAddress, _registry.LocalNode))
                _remote.TryRemove(address.GrainKey, out _);
        }
    }
}
