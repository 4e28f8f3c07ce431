using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// Refuses to run a server without API keys on an address other machines can reach, or where sandboxed code
/// shares the host's network and so is a loopback caller itself. Checked once Kestrel has bound (the bound
/// addresses are only known then); the tenant filter also turns away non-loopback callers meanwhile.
/// </summary>
internal sealed class LoopbackGuard(ApiKeyRegistry keys, IServer server, IOptions<SandboxOptions> sandbox) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!keys.IsOpen)
            return Task.CompletedTask;
        if (sandbox.Value.DefaultLimits.AllowNetwork)
        {
            throw new InvalidOperationException(
                $"Refusing to serve without API keys while sandboxes share the host's network (Sandbox:DefaultLimits:AllowNetwork): "
                + $"their code would reach this server as a trusted loopback caller. Set {TenancyOptions.ApiKeysVariable} (comma-separated keys).");
        }
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to serve on {string.Join(", ", exposed)} without API keys: set {TenancyOptions.ApiKeysVariable} (comma-separated keys) or bind to 127.0.0.1.");
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
