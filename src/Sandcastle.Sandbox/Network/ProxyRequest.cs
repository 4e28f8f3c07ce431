using System.Globalization;
using System.Text;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// A request to the egress proxy, read strictly: <c>CONNECT host:port</c> (a tunnel, for HTTPS) or an absolute
/// <c>http://</c> URI (plain HTTP, forwarded). Anything else (origin-form requests that name their host only in a
/// header, credentials in the URI, folded or malformed headers) is a 400: the target is decided by the request line
/// alone, never by a header.
/// </summary>
internal sealed record ProxyRequest(string Method, string Authority, EgressHost Host, int Port, bool IsConnect, string RequestLine, string EndToEndHeaders)
{
    /// <summary>The head sent on: origin-form request line, <c>Host</c>, the end-to-end headers, one request per connection.</summary>
    public byte[] ForwardedHead => Forward(Authority);

    /// <summary>
    /// As <see cref="ForwardedHead"/> with another <c>Host</c>: the server's model relay is reached at its own
    /// loopback address, and is asked for by that address like any other request to the server.
    /// </summary>
    public byte[] Forward(string hostHeader) => IsConnect ? [] :
        // One request per connection: a second request on it could name another host than the one vetted.
        Encoding.Latin1.GetBytes($"{RequestLine}\r\nHost: {hostHeader}\r\n{EndToEndHeaders}Connection: close\r\n\r\n");

    /// <summary>Headers a proxy consumes or replaces; the rest travel on unchanged.</summary>
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Upgrade",
    };

    /// <summary>Reads a head (everything up to the blank line, without it); throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ProxyRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine.Any(p => p.Length == 0 || p.Any(char.IsControl)))
            throw new FormatException("The request line must be 'METHOD target HTTP/1.x'.");
        var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (version is not ("HTTP/1.1" or "HTTP/1.0") || !method.All(c => char.IsAsciiLetterUpper(c) || c == '-'))
            throw new FormatException("Only HTTP/1.0 and HTTP/1.1 requests are proxied.");
        var headers = new List<(string Name, string Value)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] is ' ' or '\t' || line[..colon].Any(c => !(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
                || line.Any(c => char.IsControl(c) && c != '\t'))
                throw new FormatException("A header line is malformed (folded headers are not accepted).");
            headers.Add((line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        if (method == "CONNECT")
        {
            var (host, port) = ReadAuthority(target, defaultPort: null);
            return new ProxyRequest(method, target, host, port, true, "", "");
        }
        if (!target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            throw new FormatException(target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "HTTPS goes through CONNECT (set HTTPS_PROXY), not as an absolute URI."
                : "Ask the proxy for an absolute http:// URI, or CONNECT host:port.");
        var rest = target["http://".Length..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var path = end < 0 ? "/" : rest[end] == '/' ? rest[end..] : "/" + rest[end..];
        var hashIndex = path.IndexOf('#');
        if (hashIndex >= 0)
            path = path[..hashIndex];
        var (parsedHost, parsedPort) = ReadAuthority(authority, defaultPort: 80);
        if (headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            && headers.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            throw new FormatException("A request may not carry both Transfer-Encoding and Content-Length.");

        var forwarded = new StringBuilder();
        var named = headers.Where(h => h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers.Where(h => !HopHeaders.Contains(h.Name) && !named.Contains(h.Name)))
            forwarded.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        return new ProxyRequest(method, authority, parsedHost, parsedPort, false, $"{method} {path} {version}", forwarded.ToString());
    }

    private static (EgressHost Host, int Port) ReadAuthority(string authority, int? defaultPort)
    {
        if (authority.Contains('@'))
            throw new FormatException("Credentials in the URI are not accepted.");
        var colon = authority.LastIndexOf(':');
        var hasPort = colon >= 0 && (authority.StartsWith('[') ? authority[colon - 1] == ']' : authority.IndexOf(':') == colon);
        var hostText = hasPort ? authority[..colon] : authority;
        int port;
        if (hasPort)
        {
            if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                throw new FormatException($"'{authority}' has no valid port.");
        }
        else
        {
            port = defaultPort ?? throw new FormatException("CONNECT needs host:port.");
        }
        if (!authority.StartsWith('[') && hostText.Contains(':'))
            throw new FormatException("An IPv6 address goes in brackets.");
        var host = EgressHost.TryParse(hostText, out var problem) ?? throw new FormatException(problem + ".");
        return (host, port);
    }
}
