namespace Sandcastle.Server.Health;

/// <summary>The body of GET /health: the seed's <c>{status, timestamp}</c> plus readiness detail.</summary>
/// <param name="Status">"healthy", or "unhealthy" when sandboxes cannot run (then HTTP 503).</param>
/// <param name="Cluster">The cluster's live nodes, their load and awake sandboxes; absent on a single node.</param>
public sealed record HealthReport(
    string Status,
    DateTimeOffset Timestamp,
    SandboxReadiness Sandbox,
    ModelReadiness Model,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Cluster.ClusterView? Cluster = null);
