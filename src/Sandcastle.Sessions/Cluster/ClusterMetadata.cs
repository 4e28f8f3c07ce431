namespace Sandcastle.Sessions.Cluster;

/// <summary>The keys of the silo metadata each node publishes through Orleans membership.</summary>
public static class ClusterMetadata
{
    public const string NodeName = "sandcastle.node";
    public const string HttpAddress = "sandcastle.http";
}
