using System.Globalization;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// One entry of an allow-list: <c>*</c> (the public internet), <c>example.com</c>, <c>*.example.com</c> (its
/// subdomains, not itself), or an IP address; each optionally with <c>:port</c> (without one, any port).
/// </summary>
public sealed record HostPattern(string Host, int? Port)
{
    public bool IsEverything => Host == "*";

    public bool IsWildcard => Host.StartsWith("*.", StringComparison.Ordinal);

    public override string ToString() => Port is { } port
        ? (Host.Contains(':') ? $"[{Host}]:{port}" : $"{Host}:{port}")
        : Host;

    /// <summary>Reads an entry; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static HostPattern Parse(string text)
    {
        var entry = text.Trim();
        int? port = null;
        var colon = entry.LastIndexOf(':');
        // A port follows the last colon, unless the colon belongs to a bare IPv6 address.
        if (colon > 0 && (entry.StartsWith('[') ? entry[colon - 1] == ']' : entry.IndexOf(':') == colon))
        {
            if (!int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new ArgumentException($"'{text}': the port must be a number from 1 to 65535.");
            port = p;
            entry = entry[..colon];
        }
        if (entry == "*")
            return new HostPattern("*", port);
        var wildcard = entry.StartsWith("*.", StringComparison.Ordinal);
        var host = EgressHost.TryParse(wildcard ? entry[2..] : entry, out var problem)
            ?? throw new ArgumentException($"'{text}': {problem}; give a host name, '*.domain', an IP address or '*', optionally with ':port'.");
        if (wildcard && host.IsAddress)
            throw new ArgumentException($"'{text}': a wildcard goes with a domain name, not an address.");
        return new HostPattern(wildcard ? "*." + host.Name : host.Name, port);
    }

    /// <summary>Whether a request for this host and port is within the entry.</summary>
    public bool Matches(EgressHost host, int port) =>
        (Port is null || Port == port)
        && (IsEverything
            || (IsWildcard ? !host.IsAddress && host.Name.EndsWith(Host[1..], StringComparison.Ordinal) : host.Name == Host));

    /// <summary>Whether every request this entry allows, the other allows too.</summary>
    public bool IsWithin(HostPattern wider)
    {
        if (wider.Port is not null && wider.Port != Port)
            return false;
        if (wider.IsEverything || wider.Host == Host)
            return true;
        if (!wider.IsWildcard || IsEverything)
            return false;
        var suffix = wider.Host[1..];
        return IsWildcard ? Host[1..].EndsWith(suffix, StringComparison.Ordinal) : !Host.Contains(':') && Host.EndsWith(suffix, StringComparison.Ordinal);
    }
}
