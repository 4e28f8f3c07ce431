namespace Sandcastle.Sandbox.Network;

/// <summary>
/// Where a sandbox's code may connect, through the egress proxy: nowhere (the default), or the hosts of an
/// allow-list. Whatever the list says, the proxy never connects to a non-public address (see <see cref="AddressRules"/>)
/// unless the operator opened it (<see cref="NetworkOptions.PrivateTargets"/>).
/// </summary>
public sealed record NetworkPolicy
{
    public const int MaxEntries = 64;

    private NetworkPolicy(IReadOnlyList<HostPattern> allow) => Allow = allow;

    public IReadOnlyList<HostPattern> Allow { get; }

    /// <summary>Whether anything at all is allowed: only then does an execution get a proxy.</summary>
    public bool IsOpen => Allow.Count > 0;

    public static NetworkPolicy None { get; } = new([]);

    /// <summary>Reads an allow-list; throws <see cref="ArgumentException"/> naming the first bad entry.</summary>
    public static NetworkPolicy Parse(IEnumerable<string>? entries)
    {
        var list = (entries ?? []).ToList();
        if (list.Count > MaxEntries)
            throw new ArgumentException($"At most {MaxEntries} allow-list entries.");
        if (list.Any(entry => entry is null)) // JSON's null, whatever the type says.
            throw new ArgumentException("An allow-list entry is null: each is a host name such as 'pypi.org', '*.example.com' or 'api.example.com:443'.");
        return list.Count == 0 ? None : new NetworkPolicy([.. list.Select(HostPattern.Parse).Distinct()]);
    }

    public bool Allows(EgressHost host, int port) => Allow.Any(p => p.Matches(host, port));

    /// <summary>Entries of this policy the ceiling does not cover (empty: it is within the ceiling).</summary>
    public IReadOnlyList<HostPattern> Beyond(NetworkPolicy ceiling) =>
        [.. Allow.Where(entry => !ceiling.Allow.Any(entry.IsWithin))];

    /// <summary>The entries as they are written in requests and shown back.</summary>
    public IReadOnlyList<string> ToStrings() => [.. Allow.Select(p => p.ToString())];

    public override string ToString() => IsOpen ? string.Join(", ", ToStrings()) : "none";

    public bool Equals(NetworkPolicy? other) => other is not null && Allow.SequenceEqual(other.Allow);

    public override int GetHashCode() => Allow.Count;
}
