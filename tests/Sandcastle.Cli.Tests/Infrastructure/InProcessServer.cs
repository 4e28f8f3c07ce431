using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>The real Sandcastle server on a loopback port, for the CLI's --server mode.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly SandcastleTestServer _server;
    private readonly DirectoryInfo _dataRoot;

    private InProcessServer(SandcastleTestServer server, DirectoryInfo dataRoot)
    {
        _server = server;
        _dataRoot = dataRoot;
    }

    public string Url => _server.Address.ToString().TrimEnd('/');

    public static async Task<InProcessServer> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-cli-server-");
        var server = await SandcastleTestServer.StartAsync(dataRoot.FullName, settings, cancellationToken: TestContext.Current.CancellationToken);
        return new InProcessServer(server, dataRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
