using System.Net;

namespace Sandcastle.Cli.Serving;

/// <summary><c>serve --urls</c>, checked before anything binds: a malformed value is a usage error, not a stack trace.</summary>
public static class ListenAddresses
{
    public static IReadOnlyList<Uri> Parse(string urls)
    {
        var parsed = new List<Uri>();
        foreach (var part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (http://+:80, http://*:80) are not URI hosts; read them as any address.
            var text = part.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
                || uri.AbsolutePath != "/" || !HasExplicitPort(text) || uri.Port is < 0 or > 65535)
                throw new UsageException($"--urls '{part}' is not an address to listen on: give scheme, host and port, e.g. http://127.0.0.1:8787 (';' separates several).");
            parsed.Add(uri);
        }
        return parsed.Count > 0 ? parsed : throw new UsageException("--urls is empty: give an address such as http://127.0.0.1:8787.");
    }

    /// <summary>Whether only this machine can connect (127.0.0.0/8, ::1, localhost).</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool HasExplicitPort(string text)
    {
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }
}
