using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>Real Kestrel on 127.0.0.1 serving a directory's files (a component catalog), counting requests.</summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _requests;

    public string BaseUrl { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<StaticFileServer> StartAsync(string root, CancellationToken cancellationToken)
    {
        var server = new StaticFileServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/catalog/{**path}", async (string path, HttpContext context) =>
        {
            Interlocked.Increment(ref server._requests);
            var file = Path.GetFullPath(Path.Combine(root, path));
            if (!file.StartsWith(root, StringComparison.Ordinal) || !File.Exists(file))
                return Results.NotFound();
            return Results.Text(await File.ReadAllTextAsync(file, context.RequestAborted), "text/markdown");
        });
        await app.StartAsync(cancellationToken);
        server._app = app;
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
