using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Previews;
using Yarp.ReverseProxy.Forwarder;

namespace Sandcastle.Server.Previews;

/// <summary>
/// Forwards <c>/preview/{token}/...</c> and <c>{port}-{id}-{token}.{Preview:Domain}</c> into the sandbox's port with YARP (HTTP, SSE and WebSocket upgrades). The
/// connection is made by the server inside the namespace of the execution that listens on the port: no port of
/// a sandbox is ever bound on the host, and the sandbox's own code cannot reach it through the server (the egress
/// proxy refuses the server's addresses).
/// </summary>
internal sealed class PreviewForwarder : IDisposable
{
    /// <summary>The made-up host the forwarder is told to connect to: the preview's internal key, resolved below.</summary>
    private const string HostSuffix = ".preview.sandcastle.invalid";

    private readonly IHttpForwarder _forwarder;
    private readonly PreviewRegistry _previews;
    private readonly SandboxEngine _engine;
    private readonly HttpMessageInvoker _client;
    private readonly Cluster.ClusterPreviews _cluster;

    public PreviewForwarder(IHttpForwarder forwarder, PreviewRegistry previews, SandboxEngine engine, Cluster.ClusterPreviews cluster)
    {
        _cluster = cluster;
        _forwarder = forwarder;
        _previews = previews;
        _engine = engine;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = false,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        });
    }

    /// <summary>The path form: <c>/preview/{token}/{rest}</c>.</summary>
    public async Task ForwardAsync(HttpContext http, string token, string? rest)
    {
        if (_previews.FindByToken(token) is not { } preview)
        {
            // In a cluster the port may be open on another node: it answers instead.
            if (!await _cluster.TryForwardAsync(http, token))
                await NotFoundAsync(http);
            return;
        }
        // Relative links of the app inside resolve under the token's own path.
        if (rest is null && !http.Request.Path.Value!.EndsWith('/'))
        {
            http.Response.Redirect(http.Request.PathBase + http.Request.Path + "/" + http.Request.QueryString, permanent: false, preserveMethod: true);
            return;
        }
        http.Request.Path = "/" + rest;
        await ForwardAsync(http, preview);
    }

    /// <summary>Sends the request, its path already the one the app inside should see, to the preview's port.</summary>
    public async Task ForwardAsync(HttpContext http, PreviewPort preview)
    {
        var error = await _forwarder.SendAsync(http, $"http://{preview.Key}{HostSuffix}:{preview.Port}/", _client,
            new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) }, HttpTransformer.Empty);
        if (error != ForwarderError.None && !http.Response.HasStarted)
        {
            await FailAsync(http, StatusCodes.Status502BadGateway, "Nothing listens",
                $"Nothing in sandbox '{preview.SandboxId}' answers on port {preview.Port}: start a server listening on it (0.0.0.0 or 127.0.0.1).");
        }
    }

    public static Task NotFoundAsync(HttpContext http) =>
        FailAsync(http, StatusCodes.Status404NotFound, "Not found", "No open preview port has this URL (it was closed, its sandbox deleted or asleep, or it never existed).");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var preview = host.EndsWith(HostSuffix, StringComparison.Ordinal) ? _previews.FindByKey(host[..^HostSuffix.Length]) : null;
        var sandbox = preview is null ? null : _engine.Find(preview.WorkspaceId);
        var socket = sandbox is null ? null : await sandbox.ConnectToPortAsync(preview!.Port, cancellationToken);
        return socket is null
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Nothing listens on the preview's port.")
            : new NetworkStream(socket, ownsSocket: true);
    }

    private static async Task FailAsync(HttpContext http, int status, string error, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { error, message }));
    }

    public void Dispose() => _client.Dispose();
}
