using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandcastle.Server;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>The real server (Kestrel on 127.0.0.1:0, embedded silo, real sandboxes) over a data root it does not own.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = CreateClient(null);
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<SandboxServer> StartAsync(string dataRoot, IReadOnlyDictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0")
    {
        var app = SandcastleServer.Build(["--urls", url], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:DataRoot"] = dataRoot });
            if (settings is not null)
                builder.Configuration.AddInMemoryCollection(settings);
        });
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxServer(app, new Uri(address));
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as a bearer token (none when null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
