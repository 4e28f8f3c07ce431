using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandcastle.Server;

namespace Sandcastle.Testing;

/// <summary>
/// The real Sandcastle server (Kestrel, embedded silo, real sandboxes) on a loopback port, over a data root the
/// caller owns. The server, sessions and CLI tests all start it this way.
/// </summary>
public sealed class SandcastleTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandcastleTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="dataRoot">The sandbox data root; the caller creates and deletes it.</param>
    /// <param name="settings">Configuration on top of the defaults (null values are ignored as usual).</param>
    /// <param name="configure">Last changes to the builder.</param>
    /// <param name="url">Where to listen; port 0 picks a free one.</param>
    /// <param name="cancellationToken">Stops waiting for the start.</param>
    public static async Task<SandcastleTestServer> StartAsync(
        string dataRoot,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string url = "http://127.0.0.1:0",
        CancellationToken cancellationToken = default)
    {
        var app = SandcastleServer.Build(["--urls", url], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var defaults = new Dictionary<string, string?> { ["Sandbox:DataRoot"] = dataRoot };
            builder.Configuration.AddInMemoryCollection(defaults);
            if (settings is not null)
                builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandcastleTestServer(app, new Uri(address));
    }

    /// <summary>A client of this server that sends <paramref name="apiKey"/> as a bearer token (none when null).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
