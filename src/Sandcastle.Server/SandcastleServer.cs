using Microsoft.AspNetCore.Builder;
using Sandcastle.Server.Hosting;

namespace Sandcastle.Server;

/// <summary>Builds the Sandcastle HTTP server; `sandcastle serve` and the tests host it.</summary>
public static class SandcastleServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddSandcastleServer();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseSandcastlePipeline();
        app.MapSandcastleEndpoints();
        return app;
    }
}
