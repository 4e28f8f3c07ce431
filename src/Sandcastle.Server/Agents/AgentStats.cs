using Sandcastle.Server.Observability;

namespace Sandcastle.Server.Agents;

/// <summary>The agent part of <c>GET /v1/stats</c>: a tenant's running runs and what its ended runs spent.</summary>
public sealed record AgentStats(IReadOnlyList<RunningAgentRun> Running, IReadOnlyList<SandboxAgentUsage> Usage)
{
    public static AgentStats Of(AgentRuns runs, string tenant, ServerClock clock) => new(
        [.. runs.Running.Where(r => r.TenantId == tenant).Select(r => new RunningAgentRun(
            r.Id, r.SandboxId, r.Started, r.Turns, r.InputTokens, r.OutputTokens, r.MaxTurns, r.MaxTokens))],
        runs.Usage(tenant));
}

/// <summary>One agent run going on now.</summary>
public sealed record RunningAgentRun(string RunId, string Sandbox, DateTimeOffset StartedAt, long Turns, long InputTokens, long OutputTokens, int MaxTurns, long MaxTokens);
