using System.Net;
using System.Text;
using ModelContextProtocol.Client;
using Sandcastle.Testing;
using Sandcastle.Testing.Mcp;

namespace Sandcastle.Server.Tests.Mcp;

/// <summary>
/// /mcp on a server without API keys: the browser rules of such a server (loopback Host and Origin, POST bodies
/// declared JSON) still let the official MCP client in, and still keep a cross-site page out.
/// </summary>
public sealed class McpKeylessServerTests : IAsyncLifetime
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sandcastle-mcp-keyless-");
    private SandcastleTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SandcastleTestServer.StartAsync(_dataRoot.FullName, cancellationToken: _ct);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }

    [Fact]
    public async Task Official_client_connects_and_runs_code_without_a_key()
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_server.Address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }), cancellationToken: _ct);
        await McpScenarios.PrintRunsAndAnswers42Async(client, _ct);
    }

    [Fact]
    public async Task Cross_site_posts_to_mcp_are_still_refused()
    {
        using var http = _server.CreateClient();
        const string call = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_shell","arguments":{"sandboxId":"x","command":"touch /workspace/pwned"}}}""";

        // A form or text/plain POST needs no preflight, so a page could send it: not JSON, refused.
        using var plain = await http.PostAsync("/mcp", new StringContent(call, Encoding.UTF8, "text/plain"), _ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);

        using var fromPage = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(call, Encoding.UTF8, "application/json") };
        fromPage.Headers.Add("Origin", "https://attacker.example");
        fromPage.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var refused = await http.SendAsync(fromPage, _ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/sandboxes/x/exists?path=pwned");
        using var exists = await http.SendAsync(list, _ct);
        Assert.DoesNotContain("true", await exists.Content.ReadAsStringAsync(_ct), StringComparison.Ordinal);
    }
}
