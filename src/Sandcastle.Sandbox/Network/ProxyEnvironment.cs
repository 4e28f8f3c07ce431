using System.Globalization;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// The variables that send a networked execution's HTTP clients (pip, curl, requests, urllib, npm) to the proxy on
/// its own loopback, and Node's fetch with them (a preload installing undici's proxy agent, when scripts/setup put it
/// in place). Programs that ignore them find no route out: they fail closed.
/// </summary>
internal static class ProxyEnvironment
{
    public static IEnumerable<KeyValuePair<string, string>> For(int port, string? nodePreload)
    {
        if (!string.IsNullOrEmpty(nodePreload) && File.Exists(nodePreload))
            yield return new("NODE_OPTIONS", "--require=" + nodePreload);
        var proxy = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        // The sandbox's own servers stay direct (its own loopback, not the server's).
        const string direct = "localhost,127.0.0.1,::1";
        foreach (var (name, value) in new[] { ("HTTP_PROXY", proxy), ("HTTPS_PROXY", proxy), ("ALL_PROXY", proxy), ("NO_PROXY", direct) })
        {
            yield return new(name, value);
            yield return new(name.ToLowerInvariant(), value);
        }
    }
}
