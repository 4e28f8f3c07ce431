using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// A real keyless server with <c>Preview:Domain</c> set. Requests go to 127.0.0.1 with the wildcard name in
/// <c>Host</c>, as a browser sends them once DNS points the domain here: no DNS is needed.
/// </summary>
public sealed class PreviewHostServerFixture : IAsyncLifetime
{
    public const string Domain = "preview.example.test";

    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-preview-host-").FullName;
    private SandcastleTestServer _server = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SandcastleTestServer.StartAsync(_dataRoot, new Dictionary<string, string?> { ["Preview:Domain"] = Domain },
            cancellationToken: TestContext.Current.CancellationToken);
        Client = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }
}

public sealed class PreviewHostTests(PreviewHostServerFixture fixture) : IClassFixture<PreviewHostServerFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<JsonElement> OpenAsync(string sandbox, int port)
    {
        var response = await fixture.Client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/ports", new { port }, _ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
    }

    /// <summary>GET <paramref name="path"/> from the server's own address with <paramref name="host"/> as Host.</summary>
    private async Task<HttpResponseMessage> GetAsHostAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await fixture.Client.SendAsync(request, _ct);
    }

    /// <summary>The server inside takes a moment to listen: ask until it answers (bounded).</summary>
    private async Task<HttpResponseMessage> GetWhenUpAsync(string host, string path = "/")
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await GetAsHostAsync(host, path);
            if (response.StatusCode != HttpStatusCode.BadGateway || attempt == 100)
                return response;
            await Task.Delay(100, _ct);
        }
    }

    private static string LabelOf(string url) => new Uri(url).Host.Split('.')[0];

    [Fact]
    public async Task PythonHttpServer_AnswersThroughTheHostFormUrl_AndClosingRevokesItAtOnce()
    {
        await fixture.Client.PutAsync("/v1/sandboxes/pvh-python", null, _ct);
        await fixture.Client.PostAsJsonAsync("/v1/sandboxes/pvh-python/exec", new { command = "mkdir -p site/sub && echo '<h1>host form</h1>' > site/sub/index.html" }, _ct);
        var started = await fixture.Client.PostAsJsonAsync("/v1/sandboxes/pvh-python/processes", new { command = "cd site && python3 -m http.server 8000" }, _ct);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(_ct));

        var opened = await OpenAsync("pvh-python", 8000);
        var url = opened.GetProperty("url").GetString()!;
        Assert.Matches($"^http://8000-pvh-python-[0-9a-f]{{32}}\\.preview\\.example\\.test:[0-9]+/$", url);
        Assert.Matches("/preview/[A-Za-z0-9_-]{43}/$", opened.GetProperty("pathUrl").GetString()!);
        var host = new Uri(url).Host;

        var page = await GetWhenUpAsync(host, "/sub/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>host form</h1>", await page.Content.ReadAsStringAsync(_ct));
        // Browsers send host names in any case and with a trailing dot; the path form keeps working beside it.
        Assert.Equal(HttpStatusCode.OK, (await GetAsHostAsync(host.ToUpperInvariant() + ".", "/sub/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync(new Uri(opened.GetProperty("pathUrl").GetString()!).AbsolutePath + "sub/", _ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync("/v1/sandboxes/pvh-python/ports/8000", _ct)).StatusCode);
        var closed = await GetAsHostAsync(host, "/sub/");
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
        Assert.Contains("No open preview port", await closed.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task APreviewedAppsFormPost_ReachesTheApp_OnAKeylessServer()
    {
        await fixture.Client.PutAsync("/v1/sandboxes/pvh-form", null, _ct);
        const string app = """
            from http.server import BaseHTTPRequestHandler, HTTPServer
            class Echo(BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200); self.end_headers(); self.wfile.write(b'up')
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    self.send_response(200); self.end_headers(); self.wfile.write(b'got ' + body)
            HTTPServer(('127.0.0.1', 8090), Echo).serve_forever()
            """;
        using var written = await fixture.Client.PutAsync("/v1/sandboxes/pvh-form/files/app.py", new StringContent(app), _ct);
        Assert.True(written.IsSuccessStatusCode, await written.Content.ReadAsStringAsync(_ct));
        var started = await fixture.Client.PostAsJsonAsync("/v1/sandboxes/pvh-form/processes", new { command = "python3 app.py" }, _ct);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(_ct));
        var path = new Uri((await OpenAsync("pvh-form", 8090)).GetProperty("pathUrl").GetString()!).AbsolutePath;
        for (var attempt = 0; attempt < 100 && (await fixture.Client.GetAsync(path, _ct)).StatusCode == HttpStatusCode.BadGateway; attempt++)
            await Task.Delay(100, _ct);

        // What an HTML form in the app sends: no JSON, no preflight; the API's rule against such posts is not the app's.
        using var posted = await fixture.Client.PostAsync(path + "submit", new FormUrlEncodedContent([new("name", "form")]), _ct);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("got name=form", await posted.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task AWrongTokenIdOrPortInTheHost_IsA404()
    {
        await fixture.Client.PutAsync("/v1/sandboxes/pvh-a", null, _ct);
        await fixture.Client.PutAsync("/v1/sandboxes/pvh-b", null, _ct);
        var label = LabelOf((await OpenAsync("pvh-a", 9000)).GetProperty("url").GetString()!);
        var token = label[(label.LastIndexOf('-') + 1)..];
        // Open but nothing listens: the right name reaches the forwarder (a 502), so each 404 below is the check.
        Assert.Equal(HttpStatusCode.BadGateway, (await GetAsHostAsync($"{label}.{PreviewHostServerFixture.Domain}")).StatusCode);

        string[] wrong =
        [
            $"9000-pvh-a-{(token[0] == 'a' ? 'b' : 'a')}{token[1..]}",
            $"9000-pvh-b-{token}",
            $"9001-pvh-a-{token}",
            $"9000-pvh-a-{token[..^1]}",
            $"9000-{token}",
            "x",
        ];
        foreach (var bad in wrong)
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsHostAsync($"{bad}.{PreviewHostServerFixture.Domain}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsHostAsync($"x.{label}.{PreviewHostServerFixture.Domain}")).StatusCode);
    }

    [Fact]
    public async Task TheApi_IsNotServedOnPreviewHosts_AndStillOnLoopback()
    {
        await fixture.Client.PutAsync("/v1/sandboxes/pvh-api", null, _ct);
        var label = LabelOf((await OpenAsync("pvh-api", 9100)).GetProperty("url").GetString()!);

        // A preview name is never the API, not even with a valid label: the app inside owns every path there.
        var throughPreview = await GetAsHostAsync($"{label}.{PreviewHostServerFixture.Domain}", "/v1/sandboxes/pvh-api/ports");
        Assert.NotEqual(HttpStatusCode.OK, throughPreview.StatusCode);
        Assert.DoesNotContain("\"ports\"", await throughPreview.Content.ReadAsStringAsync(_ct));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsHostAsync($"nothing.{PreviewHostServerFixture.Domain}", "/v1/sandboxes")).StatusCode);
        // Other names keep the keyless server's rule (loopback names only); the domain itself is not a preview.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsHostAsync("evil.example", "/v1/sandboxes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsHostAsync(PreviewHostServerFixture.Domain, "/v1/sandboxes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/v1/sandboxes/pvh-api/ports", _ct)).StatusCode);
    }
}
