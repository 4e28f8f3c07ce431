using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// Refuses to run a server without API keys on an address other machines can reach. (Sandboxed code is never a
/// loopback caller: it has a network namespace of its own, and the egress proxy refuses the server's addresses.)
/// Checked once Kestrel has bound (the bound addresses are only known then); the tenant filter also turns away
/// non-loopback callers meanwhile.
/// </summary>
internal sealed class LoopbackGuard(ApiKeyRegistry keys, IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!keys.IsOpen)
            return Task.CompletedTask;
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
