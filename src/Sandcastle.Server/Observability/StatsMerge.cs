using Sandcastle.Sandbox.Network;
using Sandcastle.Server.Agents;

namespace Sandcastle.Server.Observability;

/// <summary>
/// One cluster-wide <c>/v1/stats</c> from the answering node's and the other nodes' parts. The sandbox list is the
/// answering node's (the tenant's index is cluster-wide); a sandbox is active if the node it is awake on says so,
/// and what each node knows of its own is added up: processes, memory, CPU and contexts (a sandbox is awake on one
/// node at a time), egress, executions, agent runs.
/// </summary>
internal static class StatsMerge
{
    public static StatsResponse Merge(StatsResponse local, IReadOnlyList<StatsResponse> peers, IReadOnlyList<string> unanswered)
    {
        var parts = peers.Prepend(local).ToList();
        var rowsById = parts.SelectMany(p => p.Sandboxes).ToLookup(s => s.Id, StringComparer.Ordinal);
        return local with
        {
            Sandboxes = [.. local.Sandboxes.Select(row => Merge(row, rowsById[row.Id]))],
            RunningExecutions = [.. parts.SelectMany(p => p.RunningExecutions).OrderBy(e => e.StartedAt)],
            RecentExecutions = [.. parts.SelectMany(p => p.RecentExecutions).OrderByDescending(e => e.FinishedAt).Take(ExecutionJournal.Capacity)],
            Agents = Merge(parts.Select(p => p.Agents).OfType<AgentStats>().ToList()),
            Cluster = local.Cluster is { } cluster && unanswered.Count > 0 ? cluster with { Unanswered = unanswered } : local.Cluster,
        };
    }

    private static SandboxStats Merge(SandboxStats row, IEnumerable<SandboxStats> parts)
    {
        var all = parts.ToList();
        return row with
        {
            State = all.Any(p => p.State == "active") ? "active" : row.State,
            Contexts = SumOrNull(all.Select(p => (long?)p.Contexts)) is { } contexts ? (int)contexts : null,
            RunningProcesses = all.Sum(p => p.RunningProcesses),
            MemoryBytes = SumOrNull(all.Select(p => p.MemoryBytes)),
            CpuSeconds = all.Any(p => p.CpuSeconds is not null) ? Math.Round(all.Sum(p => p.CpuSeconds ?? 0), 3) : null,
            Network = Merge(all.Select(p => p.Network).OfType<EgressSummary>().ToList()),
        };
    }

    /// <summary>Totals added up; the latest connections of every node, newest first, as many as one node keeps.</summary>
    private static EgressSummary? Merge(IReadOnlyList<EgressSummary> parts) => parts.Count == 0 ? null : new EgressSummary(
        parts.Sum(p => p.Allowed), parts.Sum(p => p.Refused), parts.Sum(p => p.BytesSent), parts.Sum(p => p.BytesReceived),
        [.. parts.SelectMany(p => p.Recent).OrderByDescending(c => c.StartedAt).Take(parts.Max(p => p.Recent.Count))]);

    private static AgentStats? Merge(IReadOnlyList<AgentStats> parts) => parts.Count == 0 ? null : new AgentStats(
        [.. parts.SelectMany(p => p.Running).OrderBy(r => r.StartedAt)],
        [.. parts.SelectMany(p => p.Usage)
            .GroupBy(u => (u.Tenant, u.Sandbox))
            .OrderBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Sandbox, StringComparer.Ordinal)
            .Select(g => new SandboxAgentUsage(g.Key.Tenant, g.Key.Sandbox,
                g.Sum(u => u.Runs), g.Sum(u => u.Turns), g.Sum(u => u.InputTokens), g.Sum(u => u.OutputTokens)))]);

    private static long? SumOrNull(IEnumerable<long?> values)
    {
        long? sum = null;
        foreach (var value in values)
            if (value is { } v)
                sum = (sum ?? 0) + v;
        return sum;
    }
}
