using System.Text.Json.Serialization;

namespace Sandcastle.Server.Cluster;

/// <summary>One node of the cluster in /health and /v1/stats.</summary>
/// <param name="Sandboxes">Sandboxes awake on it.</param>
/// <param name="Cpu">Its machine's 1-minute load average per core.</param>
/// <param name="Memory">Fraction of its machine's memory in use.</param>
public sealed record ClusterNodeView(string Name, string HttpAddress, int Sandboxes, double Cpu, double Memory, bool Draining);

/// <summary>The cluster as the answering node sees it: itself and the live nodes (absent on a single node).</summary>
public sealed record ClusterView(string Node, IReadOnlyList<ClusterNodeView> Nodes)
{
    [JsonIgnore]
    public int SandboxCount => Nodes.Sum(n => n.Sandboxes);
}
