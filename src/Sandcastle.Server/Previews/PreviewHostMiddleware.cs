using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandcastle.Sessions.Previews;

namespace Sandcastle.Server.Previews;

/// <summary>
/// Serves the host form of preview URLs. It runs before routing and the browser checks: every request addressed to a
/// name under <c>Preview:Domain</c> is a preview request and nothing else — forwarded when its label names an open
/// port exactly (port, sandbox id and token all match), a 404 otherwise — so the API is never reachable through a
/// preview host name, and a keyless server's loopback-only rule still guards the API.
/// </summary>
internal sealed class PreviewHostMiddleware(IOptions<PreviewOptions> options, PreviewRegistry previews, PreviewForwarder forwarder, Cluster.ClusterPreviews cluster) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var domain = options.Value.Domain;
        if (string.IsNullOrWhiteSpace(domain) || !PreviewHostName.IsUnder(context.Request.Host.Host, domain, out var label))
        {
            await next(context);
            return;
        }
        var parsed = PreviewHostName.TryParse(label, out var port, out var id, out var token);
        var preview = parsed ? previews.FindByHostToken(token) : null;
        if (preview is not null && preview.SandboxId == id && preview.Port == port)
            await forwarder.ForwardAsync(context, preview);
        // In a cluster the port may be open on another node, which checks the label the same way.
        else if (preview is not null || !parsed || !await cluster.TryForwardAsync(context, token))
            await PreviewForwarder.NotFoundAsync(context);
    }
}
