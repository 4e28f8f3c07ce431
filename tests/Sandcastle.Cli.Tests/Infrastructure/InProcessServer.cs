using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandcastle.Server;

namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>The real Sandcastle server on a loopback port, for the CLI's --server mode.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dataRoot;

    private InProcessServer(WebApplication app, DirectoryInfo dataRoot, string url)
    {
        _app = app;
        _dataRoot = dataRoot;
        Url = url;
    }

    public string Url { get; }

    public static async Task<InProcessServer> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-cli-server-");
        var app = SandcastleServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:DataRoot"] = dataRoot.FullName,
                ["Sandbox:WarmPythonSandboxes"] = "0",
            });
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new InProcessServer(app, dataRoot, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
