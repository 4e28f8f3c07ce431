using Microsoft.AspNetCore.Builder;
using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Infrastructure;

/// <summary>The real server on a loopback port with a throw-away sandbox data root, and a client for it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly SandcastleTestServer _server;
    private readonly DirectoryInfo _dataRoot;

    private RunningServer(SandcastleTestServer server, DirectoryInfo dataRoot)
    {
        _server = server;
        _dataRoot = dataRoot;
        Client = server.CreateClient();
    }

    public Uri Address => _server.Address;

    public HttpClient Client { get; }

    public IServiceProvider Services => _server.Services;

    public string DataRoot => _dataRoot.FullName;

    public static async Task<RunningServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-server-tests-");
        var server = await SandcastleTestServer.StartAsync(
            dataRoot.FullName, settings, configure, cancellationToken: TestContext.Current.CancellationToken);
        return new RunningServer(server, dataRoot);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // Disposing the server disposes the engine, which waits for its background work: nothing writes here after.
        await _server.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
