using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Server.Tests.Infrastructure;

/// <summary>The real server on a loopback port with a throw-away sandbox data root, and a client for it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dataRoot;

    private RunningServer(WebApplication app, DirectoryInfo dataRoot, Uri address)
    {
        _app = app;
        _dataRoot = dataRoot;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DataRoot => _dataRoot.FullName;

    public static async Task<RunningServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-server-tests-");
        var app = SandcastleServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:DataRoot"] = dataRoot.FullName,
                // Each test server has its own engine; pre-started interpreters would only compete for the CPU.
                ["Sandbox:WarmPythonSandboxes"] = "0",
            });
            if (settings is not null)
                builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RunningServer(app, dataRoot, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await DeleteDataRootAsync();
    }

    // The engine builds its matplotlib font cache in the background and does not wait for it on dispose:
    // a short-lived server can still be writing there. Retry until that writer is done.
    private async Task DeleteDataRootAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _dataRoot.Delete(recursive: true);
                return;
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
