namespace Sandcastle.Server.Cluster;

/// <summary>Endpoint metadata: the request needs the sandbox's own node (its disk or namespaces), so another node forwards it there.</summary>
public sealed class OwnerNodeOnly
{
    public static OwnerNodeOnly Instance { get; } = new();
}
