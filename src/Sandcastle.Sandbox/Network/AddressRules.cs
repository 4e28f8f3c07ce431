using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// Which addresses the proxy never connects to for a sandbox: anything not on the public internet, and the
/// server's own addresses. Checked on every address a name resolves to, so an allowed name pointing inside
/// (DNS rebinding) is refused too.
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Network, string What)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata lives there)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
        (IPNetwork.Parse("::/96"), "an unspecified, loopback or IPv4-compatible address"),
        (IPNetwork.Parse("100::/64"), "a discard address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private static readonly Lock HostLock = new();
    private static HashSet<IPAddress> _hostAddresses = [];
    private static DateTime _hostAddressesRead;

    /// <summary>Why the proxy must not connect to this address, or null when it is a public one.</summary>
    public static string? WhyRefused(IPAddress address) => WhyRefused(address, HostAddresses());

    /// <summary>The same, against a given list of the server's own addresses.</summary>
    internal static string? WhyRefused(IPAddress address, IReadOnlySet<IPAddress> hostAddresses)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        foreach (var (network, what) in Refused)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
                return what;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Addresses that carry an IPv4 address a gateway would reach: judged by the address they carry.
            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address) && WhyRefused(new IPAddress(bytes[12..16]), hostAddresses) is { } nat64)
                return nat64 + " (inside NAT64)";
            if (SixToFour.Contains(address) && WhyRefused(new IPAddress(bytes[2..6]), hostAddresses) is { } sixToFour)
                return sixToFour + " (inside 6to4)";
        }
        return hostAddresses.Contains(address) ? "one of the server's own addresses" : null;
    }

    /// <summary>The server's interface addresses, read again at most every 30 seconds.</summary>
    private static HashSet<IPAddress> HostAddresses()
    {
        lock (HostLock)
        {
            if (DateTime.UtcNow - _hostAddressesRead < TimeSpan.FromSeconds(30))
                return _hostAddresses;
            try
            {
                _hostAddresses = [.. NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                    .Select(a => a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address)
                    // Compared without a scope: the request names none.
                    .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId != 0 ? new IPAddress(a.GetAddressBytes()) : a)];
            }
            catch (NetworkInformationException)
            {
                // Keep the last list: refusing on stale data beats allowing on none.
            }
            _hostAddressesRead = DateTime.UtcNow;
            return _hostAddresses;
        }
    }
}
