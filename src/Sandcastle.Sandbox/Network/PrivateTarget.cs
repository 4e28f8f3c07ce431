using System.Globalization;
using System.Net;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// A non-public endpoint the operator opened (an internal package mirror): <c>host:port</c> (that name, whatever
/// it resolves to) or <c>CIDR:port</c> (those addresses, however they are named). Configuration only.
/// </summary>
public sealed record PrivateTarget(string? Host, IPNetwork? Network, int Port)
{
    public static PrivateTarget Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"Network:PrivateTargets entry '{text}' needs a port: host:port or CIDR:port.");
        var target = text[..colon].Trim('[', ']');
        if (target.Contains('/'))
        {
            return IPNetwork.TryParse(target, out var network)
                ? new PrivateTarget(null, network, port)
                : throw new ArgumentException($"Network:PrivateTargets entry '{text}': '{target}' is no valid CIDR range.");
        }
        var host = EgressHost.TryParse(target, out var problem)
            ?? throw new ArgumentException($"Network:PrivateTargets entry '{text}': {problem}.");
        return host.Address is { } address
            ? new PrivateTarget(null, new IPNetwork(address, address.GetAddressBytes().Length * 8), port)
            : new PrivateTarget(host.Name, null, port);
    }

    /// <summary>Whether a connection to this address, asked for under this name, is opened by the entry.</summary>
    public bool Opens(EgressHost host, IPAddress address, int port) =>
        port == Port && (Host is not null ? host.Name == Host : Network!.Value.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
}
