using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Agents;

/// <summary>
/// Points the sandboxes' egress proxy at this server's own HTTP listener for the relay's host name. Known only once
/// Kestrel has bound (port 0 picks one), so it is set on the first agent run.
/// </summary>
internal sealed class RelayEndpoint(IServer server, SandboxEngine engine)
{
    public void EnsureOpen()
    {
        if (engine.Egress.ModelRelay is not null)
            return;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                continue;
            var uri = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            var ip = uri.Host == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (ip is null)
                continue;
            // A wildcard listener answers on loopback too.
            if (ip.Equals(IPAddress.Any))
                ip = IPAddress.Loopback;
            else if (ip.Equals(IPAddress.IPv6Any))
                ip = IPAddress.IPv6Loopback;
            engine.Egress.ModelRelay = new IPEndPoint(ip, uri.Port);
            return;
        }
        throw new Sandcastle.Sessions.Sandboxes.SandboxRequestException(Sandcastle.Sessions.Sandboxes.SandboxErrorKind.Unavailable,
            "Agent runs need the server to listen on plain HTTP (its model relay is reached over it); it listens on: " + string.Join(", ", addresses) + ".");
    }
}
