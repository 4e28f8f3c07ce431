using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// Sends a request on to the node that can answer it (YARP's forwarder: bodies, SSE and upgrades stream through).
/// The original Host stays, so URLs the owner builds (preview URLs) name the address the client used; a header
/// marks the request as forwarded, and a forwarded request is never forwarded again.
/// </summary>
internal sealed class NodeForwarder(IHttpForwarder forwarder) : IDisposable
{
    public const string ForwardedHeader = "X-Sandcastle-Forwarded-By";

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    public static bool WasForwarded(HttpContext http) => http.Request.Headers.ContainsKey(ForwardedHeader);

    public async Task ForwardAsync(HttpContext http, string httpAddress, string fromNode)
    {
        http.Request.Headers[ForwardedHeader] = fromNode;
        var error = await forwarder.SendAsync(http, httpAddress.TrimEnd('/') + "/", _client,
            new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) }, KeepHost.Instance);
        if (error != ForwarderError.None && !http.Response.HasStarted)
            await UnavailableAsync(http, "The node holding this sandbox does not answer (it may have just stopped); retry shortly.");
    }

    /// <summary>503 with Retry-After: the sandbox is moving or its node is failing; the same request will work soon.</summary>
    public static Task UnavailableAsync(HttpContext http, string message)
    {
        http.Response.Headers.RetryAfter = "1";
        return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", message).ExecuteAsync(http);
    }

    public void Dispose() => _client.Dispose();

    private sealed class KeepHost : HttpTransformer
    {
        public static KeepHost Instance { get; } = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        }
    }
}
