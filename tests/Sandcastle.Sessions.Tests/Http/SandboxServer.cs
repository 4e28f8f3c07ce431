using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>The real server (Kestrel on 127.0.0.1:0, embedded silo, real sandboxes) over a data root it does not own.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly SandcastleTestServer _server;

    private SandboxServer(SandcastleTestServer server)
    {
        _server = server;
        Client = server.CreateClient();
    }

    public Uri Address => _server.Address;

    public HttpClient Client { get; }

    public static async Task<SandboxServer> StartAsync(string dataRoot, IReadOnlyDictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0") =>
        new(await SandcastleTestServer.StartAsync(dataRoot, settings, url: url, cancellationToken: TestContext.Current.CancellationToken));

    /// <summary>A client that sends <paramref name="apiKey"/> as a bearer token (none when null).</summary>
    public HttpClient CreateClient(string? apiKey) => _server.CreateClient(apiKey);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
