using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// A cluster of servers sharing sandboxes, bound from the "Cluster" section. Without <see cref="Redis"/> the server is
/// one node with SQLite state and nothing here applies.
/// </summary>
public sealed class SandcastleClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>The Redis server holding membership, grain state and ownership: <c>redis://HOST:PORT</c> (or a StackExchange.Redis string).</summary>
    public string? Redis { get; set; }

    /// <summary>This node's name, unique in the cluster; the host name when empty.</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", ErrorMessage = "Cluster:NodeName is 1-63 of letters, digits, '.', '_' and '-'.")]
    public string? NodeName { get; set; }

    /// <summary>The IP address other nodes reach this node's silo port at; the host's first non-loopback IPv4 address when empty.</summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>This node's HTTP address as other nodes reach it (requests for files and previews are forwarded there).</summary>
    public string? HttpAddress { get; set; }

    /// <summary>
    /// How often an awake sandbox whose files may have changed is snapshotted for failover: the most work a node's death
    /// can lose. Sandboxes are also snapshotted when they sleep and when their node drains or stops.
    /// </summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public string Node => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName;
}
