using Sandcastle.Sandbox;
using Sandcastle.Server.Health;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Observability;

/// <summary>
/// Gathers this node's /v1/stats for one tenant without waking anything: every sandbox is read from the tenant's
/// index (a grain), the ones awake here from this node's own list (where a call to every node's silo would wait for a
/// failing node), usage from the engine's live cgroups. On a cluster the other nodes add their parts.
/// </summary>
public sealed class StatsReader(LocalSandboxes local, SandboxDirectory sandboxes, SandboxEngine engine, ExecutionJournal journal, ServerClock clock, Agents.AgentRuns agentRuns, Cluster.ClusterStatus cluster)
{
    public async Task<StatsResponse> ReadAsync(string tenant, CancellationToken cancellationToken)
    {
        var listed = await sandboxes.ListAsync(tenant).WaitAsync(cancellationToken);
        var awake = local.Keys.ToHashSet(StringComparer.Ordinal);
        var usage = engine.MeasureBusy().ToDictionary(u => u.Id, StringComparer.Ordinal);

        var rows = new List<SandboxStats>();
        var running = new List<RunningExecution>(journal.Running(tenant));
        foreach (var metadata in listed)
        {
            var address = new SandboxAddress(metadata.Tenant, metadata.Id);
            var active = awake.Contains(address.GrainKey);
            var used = usage.GetValueOrDefault(address.WorkspaceId);
            // A sleeping sandbox has no kernels; asking an awake one does not wake anything.
            var contexts = active ? await CountContextsAsync(address, cancellationToken) : 0;
            rows.Add(new SandboxStats(
                metadata.Id, metadata.Tenant, active ? "active" : "sleeping", metadata.CreatedAt, metadata.LastUsedAt,
                used?.RunningProcesses ?? 0, contexts, used?.MemoryBytes, used?.CpuTime is { } cpu ? Math.Round(cpu.TotalSeconds, 3) : null,
                engine.Egress.Log.Summarize(address.WorkspaceId)));
            // Background processes live in the grain; only an awake sandbox can have any, and asking it does not wake it.
            if (active && used is not null)
                running.AddRange(await BackgroundProcessesAsync(address, cancellationToken));
        }
        return new StatsResponse(
            ServerVersion.Current, clock.StartedAt, Math.Round(clock.Uptime.TotalSeconds, 1), tenant,
            rows, [.. running.OrderBy(r => r.StartedAt)], journal.Recent(tenant), Agents.AgentStats.Of(agentRuns, tenant, clock),
            await cluster.ReadAsync());
    }

    private async Task<int?> CountContextsAsync(SandboxAddress address, CancellationToken cancellationToken)
    {
        try
        {
            return (await sandboxes.Get(address).ListContextsAsync().WaitAsync(cancellationToken)).Count;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // Deleted between the listing and now, or failing: unknown, and the rest still answers.
        }
    }

    private async Task<IEnumerable<RunningExecution>> BackgroundProcessesAsync(SandboxAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var processes = await sandboxes.Get(address).ListProcessesAsync().WaitAsync(cancellationToken);
            return processes.Where(p => p.Status == "running").Select(p => new RunningExecution(
                p.Id, ExecutionKinds.Process, address.Id, "bash", null, Cut(p.Command), p.StartedAt,
                (long)(DateTimeOffset.UtcNow - p.StartedAt).TotalMilliseconds));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return []; // Deleted between the listing and now, or failing: the rest still answers.
        }
    }

    private static string Cut(string text) =>
        text.Length <= ExecutionJournal.MaxTextLength ? text : string.Concat(text.AsSpan(0, ExecutionJournal.MaxTextLength - 1), "…");
}
