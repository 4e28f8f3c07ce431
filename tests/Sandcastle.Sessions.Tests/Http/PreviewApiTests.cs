using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>A real server with two tenants (alice, bob), whose sandboxes start servers that preview URLs reach.</summary>
public sealed class PreviewServerFixture : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-preview-").FullName;
    private SandcastleTestServer _server = null!;

    public HttpClient Alice { get; private set; } = null!;

    public HttpClient Bob { get; private set; } = null!;

    /// <summary>No API key: what a browser holding a preview URL is.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Uri Address => _server.Address;

    public async ValueTask InitializeAsync()
    {
        _server = await SandcastleTestServer.StartAsync(_dataRoot, new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-alice,key-bob" },
            cancellationToken: TestContext.Current.CancellationToken);
        Alice = _server.CreateClient("key-alice");
        Bob = _server.CreateClient("key-bob");
        Anonymous = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        Anonymous.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }
}

public sealed class PreviewApiTests(PreviewServerFixture fixture) : IClassFixture<PreviewServerFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>A Node server answering HTTP and echoing WebSocket text frames (RFC 6455, by hand: Node 20 has no server).</summary>
    private const string NodeEchoServer = """
        const http = require('http'), crypto = require('crypto');
        const server = http.createServer((req, res) => res.end('node says ' + req.url));
        server.on('upgrade', (req, socket) => {
          const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
          socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ' + accept + '\r\n\r\n');
          socket.on('data', (frame) => {
            const length = frame[1] & 0x7f, mask = frame.subarray(2, 6), payload = frame.subarray(6, 6 + length);
            const text = Buffer.from(payload.map((b, i) => b ^ mask[i % 4])).toString();
            const reply = Buffer.from('echo: ' + text);
            socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
          });
        });
        server.listen(8080, '127.0.0.1');
        """;

    private async Task<string> OpenAsync(HttpClient client, string sandbox, int port)
    {
        var response = await client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/ports", new { port, name = "web" }, _ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(port, body.GetProperty("port").GetInt32());
        return body.GetProperty("url").GetString()!;
    }

    private async Task StartAsync(HttpClient client, string sandbox, string command)
    {
        var started = await client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/processes", new { command }, _ct);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(_ct));
    }

    /// <summary>The server inside takes a moment to listen: ask until it answers (bounded).</summary>
    private async Task<HttpResponseMessage> GetWhenUpAsync(string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await fixture.Anonymous.GetAsync(url, _ct);
            if (response.StatusCode != HttpStatusCode.BadGateway || attempt == 100)
                return response;
            await Task.Delay(100, _ct);
        }
    }

    [Fact]
    public async Task PythonHttpServer_AnswersThroughItsUrl_UntilThePortIsClosed()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-python", null, _ct);
        await fixture.Alice.PostAsJsonAsync("/v1/sandboxes/pv-python/exec", new { command = "mkdir site && echo '<h1>made inside</h1>' > site/index.html" }, _ct);
        await StartAsync(fixture.Alice, "pv-python", "cd site && python3 -m http.server 8000");
        var url = await OpenAsync(fixture.Alice, "pv-python", 8000);
        Assert.Matches("/preview/[A-Za-z0-9_-]{43}/$", url);

        var page = await GetWhenUpAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>made inside</h1>", await page.Content.ReadAsStringAsync(_ct));
        var listed = await fixture.Alice.GetFromJsonAsync<JsonElement>("/v1/sandboxes/pv-python/ports", _ct);
        Assert.Equal(url, listed.GetProperty("ports")[0].GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Alice.DeleteAsync("/v1/sandboxes/pv-python/ports/8000", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Anonymous.GetAsync(url, _ct)).StatusCode);
    }

    [Fact]
    public async Task NodeServer_AnswersHttpAndAWebSocketEcho_AndDeletingTheSandboxRevokesIt()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-node", null, _ct);
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-node/files/echo.js", new StringContent(NodeEchoServer), _ct);
        await StartAsync(fixture.Alice, "pv-node", "node echo.js");
        var url = await OpenAsync(fixture.Alice, "pv-node", 8080);

        var page = await GetWhenUpAsync(url + "hello?x=1");
        Assert.Equal("node says /hello?x=1", await page.Content.ReadAsStringAsync(_ct));

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal) + "ws"), _ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, _ct);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, _ct);
        Assert.Equal("echo: ping", Encoding.UTF8.GetString(buffer, 0, received.Count));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Alice.DeleteAsync("/v1/sandboxes/pv-node", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Anonymous.GetAsync(url, _ct)).StatusCode);
    }

    /// <summary>
    /// Server-sent events: the first event, then the second only once a file named go appears (the test writes it
    /// after it has read the first). A preview that buffered the response would never deliver the first.
    /// </summary>
    private const string NodeEventServer = """
        const http = require('http'), fs = require('fs');
        http.createServer((req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
          res.write('data: first\n\n');
          const wait = setInterval(() => {
            if (fs.existsSync('go')) { clearInterval(wait); res.end('data: second\n\n'); }
          }, 20);
        }).listen(8090, '127.0.0.1');
        """;

    [Fact]
    public async Task ServerSentEvents_StreamThroughThePreviewUrl_EachAsItIsSent()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-sse", null, _ct);
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-sse/files/events.js", new StringContent(NodeEventServer), _ct);
        await StartAsync(fixture.Alice, "pv-sse", "node events.js");
        var url = await OpenAsync(fixture.Alice, "pv-sse", 8090);

        HttpResponseMessage response;
        for (var attempt = 0; ; attempt++)
        {
            response = await fixture.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, _ct);
            if (response.StatusCode != HttpStatusCode.BadGateway || attempt == 100)
                break;
            response.Dispose();
            await Task.Delay(100, _ct);
        }
        using var _ = response;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(_ct));
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(30));

        Assert.Equal("data: first", await events.ReadLineAsync(bounded.Token));
        Assert.Equal("", await events.ReadLineAsync(bounded.Token));
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-sse/files/go", new StringContent("go"), _ct);
        Assert.Equal("data: second", await events.ReadLineAsync(bounded.Token));
        Assert.Equal("", await events.ReadLineAsync(bounded.Token));
        Assert.Null(await events.ReadLineAsync(bounded.Token));
    }

    [Fact]
    public async Task AnUnknownOrAlteredToken_IsA404()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-token", null, _ct);
        var url = await OpenAsync(fixture.Alice, "pv-token", 9000);
        var altered = url[..^2] + (url[^2] == 'A' ? 'B' : 'A') + "/";
        var response = await fixture.Anonymous.GetAsync(altered, _ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No open preview port", await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Anonymous.GetAsync("/preview/x/", _ct)).StatusCode);
        // Open, but nothing listens: a clear 502, not a hang.
        var idle = await fixture.Anonymous.GetAsync(url, _ct);
        Assert.Equal(HttpStatusCode.BadGateway, idle.StatusCode);
        Assert.Contains("port 9000", await idle.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task AnotherTenant_CannotSeeCloseOrReuseAPort()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-shared", null, _ct);
        await fixture.Bob.PutAsync("/v1/sandboxes/pv-shared", null, _ct);
        var alices = await OpenAsync(fixture.Alice, "pv-shared", 7000);
        var bobs = await fixture.Bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes/pv-shared/ports", _ct);
        Assert.Equal(0, bobs.GetProperty("ports").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Bob.DeleteAsync("/v1/sandboxes/pv-shared/ports/7000", _ct)).StatusCode);
        var bobsUrl = await OpenAsync(fixture.Bob, "pv-shared", 7000);
        Assert.NotEqual(alices, bobsUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/v1/sandboxes/pv-shared/ports", _ct)).StatusCode);
    }

    [Fact]
    public async Task APreviewUrl_NeverReachesTheHostsLoopback_EvenWithACodeContextRunning()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-context", null, _ct);
        var context = await fixture.Alice.PostAsJsonAsync("/v1/sandboxes/pv-context/contexts", new { language = "python" }, _ct);
        Assert.True(context.IsSuccessStatusCode, await context.Content.ReadAsStringAsync(_ct));
        // The server's own port on the host's loopback: nothing in the sandbox listens there.
        var url = await OpenAsync(fixture.Alice, "pv-context", fixture.Address.Port);

        using var response = await fixture.Anonymous.GetAsync(url.TrimEnd('/') + "/v1/sandboxes", _ct);
        var body = await response.Content.ReadAsStringAsync(_ct);

        // The server's API would answer (401 to a caller without a key, as a reached host service answers anything).
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Nothing in sandbox", body);
    }

    [Fact]
    public async Task ASandbox_CannotReachAnotherSandboxsPort_DirectlyOrThroughTheServer()
    {
        await fixture.Alice.PutAsync("/v1/sandboxes/pv-victim", null, _ct);
        await StartAsync(fixture.Alice, "pv-victim", "python3 -m http.server 8001");
        var url = await OpenAsync(fixture.Alice, "pv-victim", 8001);
        Assert.Equal(HttpStatusCode.OK, (await GetWhenUpAsync(url)).StatusCode);

        await fixture.Alice.PutAsJsonAsync("/v1/sandboxes/pv-attacker", new { network = new { allow = new[] { "*" } } }, _ct);
        var serverUrl = new Uri(url);
        var run = await (await fixture.Alice.PostAsJsonAsync("/v1/sandboxes/pv-attacker/exec", new
        {
            command = $"curl -sS --noproxy '*' --max-time 5 http://127.0.0.1:8001/ 2>&1; curl -sS --noproxy '' --max-time 5 '{url}' 2>&1; curl -sS --noproxy '' --max-time 5 'http://localhost:{serverUrl.Port}{serverUrl.AbsolutePath}' 2>&1",
        }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        var stdout = run.GetProperty("stdout").GetString()!;
        Assert.Contains("Failed to connect to 127.0.0.1 port 8001", stdout);
        Assert.Contains("127.0.0.1 is a loopback address", stdout);
        Assert.Contains("localhost resolves to", stdout);
        Assert.DoesNotContain("Directory listing", stdout);
    }
}
