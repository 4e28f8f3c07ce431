using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// Sends a request on to the node that can answer it (YARP's forwarder: bodies, SSE and upgrades stream through).
/// The original Host stays, so URLs the owner builds (preview URLs) name the address the client used; a header
/// names the nodes a request passed, and a request is forwarded at most twice (the second time only when the
/// sandbox moved meanwhile).
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

    public const int MaxHops = 2;

    public static bool WasForwarded(HttpContext http) => http.Request.Headers.ContainsKey(ForwardedHeader);

    /// <summary>How many nodes forwarded this request already.</summary>
    public static int Hops(HttpContext http) => http.Request.Headers[ForwardedHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>
    /// Sends the request to <paramref name="httpAddress"/>. False when that node could not be reached and nothing was
    /// answered yet; with <paramref name="answerFailure"/> a 503 with Retry-After is answered then.
    /// </summary>
    public async Task<bool> ForwardAsync(HttpContext http, string httpAddress, string fromNode, bool answerFailure = true)
    {
        var previous = http.Request.Headers[ForwardedHeader].ToString();
        http.Request.Headers[ForwardedHeader] = previous.Length == 0 ? fromNode : $"{previous},{fromNode}";
        var error = await forwarder.SendAsync(http, httpAddress.TrimEnd('/') + "/", _client,
            new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) }, KeepHost.Instance);
        if (error == ForwarderError.None || http.Response.HasStarted)
            return true;
        if (previous.Length == 0)
            http.Request.Headers.Remove(ForwardedHeader);
        else
            http.Request.Headers[ForwardedHeader] = previous;
        // The forwarder left its 502 and error on the response; the caller may still answer (or forward) afresh.
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.Clear();
        http.Features.Set<IForwarderErrorFeature>(null);
        if (answerFailure)
            await UnavailableAsync(http, "The node holding this sandbox does not answer (it may have just stopped); retry shortly.");
        return false;
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
