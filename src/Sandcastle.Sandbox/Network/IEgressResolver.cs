using System.Net;

namespace Sandcastle.Sandbox.Network;

/// <summary>Resolves the names sandboxes ask the proxy for. Tests replace it to map names to loopback.</summary>
public interface IEgressResolver
{
    Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The server's own resolver.</summary>
public sealed class DnsEgressResolver : IEgressResolver
{
    public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(name, cancellationToken);
}
