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
    private readonly NodeRegistry? _registry = services.GetService<NodeRegistry>();

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
        SandboxLocation location;
        try
        {
            // Locating has no side effect: retried across a node's death whatever the request's method.
            var grain = sandboxes.Get(new SandboxAddress(Tenant.From(context).Id, id));
            location = await ClusterFailures.RetryAsync(grain.LocateAsync, context.RequestAborted);
        }
        catch (SandboxRequestException e) when (e.Kind == SandboxErrorKind.NotFound)
        {
            await next(context);
            return;
        }
        if (location.Node == _registry.LocalNode)
            await next(context);
        else if (NodeForwarder.WasForwarded(context) || string.IsNullOrEmpty(location.HttpAddress))
            await NodeForwarder.UnavailableAsync(context, $"Sandbox '{id}' is moving between nodes; retry shortly.");
        else
            await forwarder.ForwardAsync(context, location.HttpAddress, _registry.LocalNode);
    }
}
