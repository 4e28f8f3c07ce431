using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// A host a sandbox asked the proxy for: a lower-case DNS name without its trailing dot, or an IP address. Every
/// spelling the C library would accept as an IPv4 address (<c>2130706433</c>, <c>0177.1</c>, <c>0x7f.0.0.1</c>,
/// <c>127.1</c>) is read as the address it means, so a number can never pass for a name; IPv4-mapped IPv6 is read
/// as IPv4.
/// </summary>
public sealed record EgressHost(string Name, IPAddress? Address)
{
    private const int MaxNameLength = 253;

    public bool IsAddress => Address is not null;

    /// <summary>Reads a host as sent (brackets around IPv6 allowed); null with a reason when it is no valid host.</summary>
    public static EgressHost? TryParse(string text, out string? problem)
    {
        problem = null;
        var host = text.EndsWith('.') && !text.EndsWith("..", StringComparison.Ordinal) ? text[..^1] : text;
        if (host.Length == 0 || host.Length > MaxNameLength)
            return Refuse("an empty or overlong host name", out problem);
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (host.Contains(':'))
        {
            // IPv6: no zone (it names an interface of the server), nothing but the address.
            if (host.Contains('%') || !IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return Refuse($"'{text}' is no valid IPv6 address", out problem);
            var address = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return new EgressHost(address.ToString(), address);
        }
        var labels = host.Split('.');
        if (labels.All(IsNumberPart))
        {
            var v4 = ParseLegacyIPv4(labels);
            return v4 is null ? Refuse($"'{text}' is a malformed IPv4 address", out problem) : new EgressHost(v4.ToString(), v4);
        }
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                return Refuse($"'{text}' is not a valid host name", out problem);
        }
        // A name whose last label is numeric is read as an address by some resolvers: never a name here.
        if (labels[^1].All(char.IsAsciiDigit))
            return Refuse($"'{text}' is neither a host name nor an IP address", out problem);
        return new EgressHost(host.ToLowerInvariant(), null);
    }

    private static EgressHost? Refuse(string reason, out string? problem)
    {
        problem = reason;
        return null;
    }

    private static bool IsNumberPart(string label) =>
        label.Length > 0 && (label.All(char.IsAsciiDigit)
            || (label.Length > 1 && label[0] == '0' && label[1] is 'x' or 'X' && label[2..].All(char.IsAsciiHexDigit)));

    /// <summary>inet_aton's forms: 1 to 4 parts in decimal, octal (leading 0) or hex (0x); the last fills the rest.</summary>
    private static IPAddress? ParseLegacyIPv4(string[] parts)
    {
        if (parts.Length > 4)
            return null;
        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            try
            {
                values[i] = part.Length > 1 && part[1] is 'x' or 'X' ? (part.Length == 2 ? 0 : ulong.Parse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture))
                    : part.Length > 1 && part[0] == '0' ? ParseOctal(part[1..])
                    : ulong.Parse(part, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is OverflowException or FormatException)
            {
                return null;
            }
        }
        ulong result = 0;
        for (var i = 0; i < values.Length - 1; i++)
        {
            if (values[i] > 255)
                return null;
            result |= values[i] << (24 - 8 * i);
        }
        var lastBits = 8 * (4 - (values.Length - 1));
        if (values[^1] >= 1UL << lastBits)
            return null;
        result |= values[^1];
        return new IPAddress([(byte)(result >> 24), (byte)(result >> 16), (byte)(result >> 8), (byte)result]);
    }

    private static ulong ParseOctal(string digits)
    {
        ulong value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '7')
                throw new FormatException();
            value = checked(value * 8 + (ulong)(c - '0'));
        }
        return value;
    }
}
