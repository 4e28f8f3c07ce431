namespace Sandcastle.Sandbox.Network;

/// <summary>Egress configuration, bound from the "Network" section.</summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>The allow-list of a sandbox that names none (empty: no network, the default).</summary>
    public List<string> DefaultAllow { get; set; } = [];

    /// <summary>The widest allow-list any sandbox or request may ask for. Unset: <c>*</c>, the public internet.</summary>
    public List<string>? MaxAllow { get; set; }

    /// <summary>
    /// Non-public endpoints sandboxes may reach when their allow-list names them: <c>host:port</c> or <c>CIDR:port</c>
    /// (an internal package mirror). Configuration only: never settable over the API.
    /// </summary>
    public List<string> PrivateTargets { get; set; } = [];

    /// <summary>The port of the proxy on each networked sandbox's own loopback.</summary>
    public int ProxyPort { get; set; } = 3128;

    /// <summary>A file Node preloads in networked sandboxes so that its fetch uses the proxy (installed by scripts/setup; missing: skipped).</summary>
    public string? NodeProxyPreload { get; set; } = "/usr/local/lib/sandcastle/node-proxy-preload.cjs";

    /// <summary>How long the proxy waits for an upstream connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public NetworkPolicy DefaultPolicy => NetworkPolicy.Parse(DefaultAllow);

    public NetworkPolicy Ceiling => NetworkPolicy.Parse(MaxAllow is { Count: > 0 } max ? max : ["*"]);

    public IReadOnlyList<PrivateTarget> ParsedPrivateTargets => [.. PrivateTargets.Select(PrivateTarget.Parse)];

    /// <summary>What is wrong with the configuration, or null; checked at start so a typo fails loudly.</summary>
    public string? Validate()
    {
        try
        {
            _ = ParsedPrivateTargets;
            if (DefaultPolicy.Beyond(Ceiling) is [var first, ..])
                return $"Network:DefaultAllow entry '{first}' is wider than Network:MaxAllow.";
            return ProxyPort is < 1 or > 65535 ? "Network:ProxyPort must be from 1 to 65535." : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
