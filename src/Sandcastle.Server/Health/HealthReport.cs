namespace Sandcastle.Server.Health;

/// <summary>The body of GET /health: the seed's <c>{status, timestamp}</c> plus readiness detail.</summary>
/// <param name="Status">"healthy", or "unhealthy" when sandboxes cannot run (then HTTP 503).</param>
public sealed record HealthReport(string Status, DateTimeOffset Timestamp, SandboxReadiness Sandbox, ModelReadiness Model);
