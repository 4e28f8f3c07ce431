using System.Collections.Concurrent;

namespace Sandcastle.Server.Agents;

/// <summary>
/// The agent runs going on now, by token, and the usage of the ones that ended, per tenant and sandbox. A token is
/// forgotten the moment its run ends, which is what makes it useless afterwards.
/// </summary>
public sealed class AgentRuns
{
    private readonly ConcurrentDictionary<string, AgentRun> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Sandbox), AgentUsage> _usage = new();

    public void Add(AgentRun run) => _byToken[run.Token] = run;

    public AgentRun? Find(string? token) => token is not null && _byToken.TryGetValue(token, out var run) ? run : null;

    /// <summary>Ends a run: its token stops working and its usage joins its tenant's and sandbox's totals.</summary>
    public void End(AgentRun run)
    {
        if (!_byToken.TryRemove(run.Token, out _))
            return;
        _usage.AddOrUpdate((run.TenantId, run.SandboxId),
            _ => new AgentUsage(1, run.Turns, run.InputTokens, run.OutputTokens),
            (_, u) => new AgentUsage(u.Runs + 1, u.Turns + run.Turns, u.InputTokens + run.InputTokens, u.OutputTokens + run.OutputTokens));
    }

    public IReadOnlyList<AgentRun> Running => [.. _byToken.Values.OrderBy(r => r.Started)];

    /// <summary>Totals of ended runs; a tenant sees only its own.</summary>
    public IReadOnlyList<SandboxAgentUsage> Usage(string? tenantId) =>
        [.. _usage.Where(u => tenantId is null || u.Key.Tenant == tenantId)
            .OrderBy(u => u.Key.Tenant, StringComparer.Ordinal).ThenBy(u => u.Key.Sandbox, StringComparer.Ordinal)
            .Select(u => new SandboxAgentUsage(u.Key.Tenant, u.Key.Sandbox, u.Value.Runs, u.Value.Turns, u.Value.InputTokens, u.Value.OutputTokens))];
}

/// <summary>What ended agent runs spent.</summary>
public sealed record AgentUsage(long Runs, long Turns, long InputTokens, long OutputTokens);

/// <summary>What ended agent runs spent in one sandbox of one tenant.</summary>
public sealed record SandboxAgentUsage(string Tenant, string Sandbox, long Runs, long Turns, long InputTokens, long OutputTokens);
