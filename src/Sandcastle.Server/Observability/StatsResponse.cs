namespace Sandcastle.Server.Observability;

/// <summary>The body of GET /v1/stats: the server, and what the calling tenant has and runs.</summary>
/// <param name="UptimeSeconds">Seconds since the server started.</param>
/// <param name="RunningExecutions">Executions running now (execute, exec and background processes), oldest first.</param>
/// <param name="RecentExecutions">The tenant's executions among the server's last 50 that ended (in a cluster, the newest 50 of every node's), newest first.</param>
/// <param name="Cluster">In a cluster: the live nodes, their load and awake sandboxes, and any node whose part is missing (every other node gives its part: usage, executions, egress, agent runs).</param>
/// <param name="Agents">Agent runs going on now (turns and tokens so far) and what ended runs spent, per sandbox.</param>
public sealed record StatsResponse(
    string Version,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string Tenant,
    IReadOnlyList<SandboxStats> Sandboxes,
    IReadOnlyList<RunningExecution> RunningExecutions,
    IReadOnlyList<RecentExecution> RecentExecutions,
    Agents.AgentStats? Agents = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Cluster.ClusterView? Cluster = null);
