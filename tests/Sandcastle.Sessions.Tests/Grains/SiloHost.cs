using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sandcastle.Sessions.Hosting;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Tests.Grains;

/// <summary>A real embedded silo over a data root; several may run at once (free ports).</summary>
public sealed class SiloHost(IHost host) : IAsyncDisposable
{
    public SandboxDirectory Sandboxes => host.Services.GetRequiredService<SandboxDirectory>();

    public static async Task<SiloHost> StartAsync(string dataRoot, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:DataRoot"] = dataRoot });
        builder.AddSandcastleSessions();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SiloHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
