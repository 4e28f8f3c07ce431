using System.Net.Http.Headers;
using ModelContextProtocol.Client;
using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Mcp;

/// <summary>The real server with two API keys (two tenants), and MCP clients of /mcp over Streamable HTTP.</summary>
public sealed class McpHttpFixture : IAsyncLifetime
{
    public const string KeyA = "mcp-tenant-a-key";
    public const string KeyB = "mcp-tenant-b-key";

    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sandcastle-mcp-http-");

    public SandcastleTestServer Server { get; private set; } = null!;

    public McpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await SandcastleTestServer.StartAsync(_dataRoot.FullName, new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = $"{KeyA},{KeyB}" });
        Client = await ConnectAsync(KeyA, TestContext.Current.CancellationToken);
    }

    public Task<McpClient> ConnectAsync(string key, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Server.Address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = new AuthenticationHeaderValue("Bearer", key).ToString() },
        }), cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
