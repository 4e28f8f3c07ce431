using System.Text.Json.Serialization;

namespace Sandcastle.Server.Cluster;

/// <summary>One node of the cluster in /health and /v1/stats.</summary>
/// <param name="Sandboxes">Sandboxes awake on it.</param>
/// <param name="Cpu">Its machine's 1-minute load average per core.</param>
/// <param name="Memory">Fraction of its machine's memory in use.</param>
public sealed record ClusterNodeView(string Name, string HttpAddress, int Sandboxes, double Cpu, double Memory, bool Draining);

/// <summary>The cluster as the answering node sees it: itself and the live nodes (absent on a single node).</summary>
/// <param name="Unanswered">In /v1/stats: live nodes that did not give their part in time (their sandboxes' usage and their executions are missing).</param>
public sealed record ClusterView(string Node, IReadOnlyList<ClusterNodeView> Nodes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Unanswered = null)
{
    [JsonIgnore]
    public int SandboxCount => Nodes.Sum(n => n.Sandboxes);
}
