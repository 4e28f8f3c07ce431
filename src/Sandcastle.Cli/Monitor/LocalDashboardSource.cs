using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Monitor;

/// <summary>The sandboxes of this machine's data root, read from the engine directly.</summary>
public sealed class LocalDashboardSource(SandboxEngine engine, SandboxHealth health) : IDashboardSource
{
    public Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var rows = engine.List().Select(s => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["id"] = s.Id,
            ["createdAt"] = s.CreatedAt.ToString("u"),
            ["workspace"] = s.WorkspacePath,
        }).ToList();
        var status = health.Usable ? "healthy" : $"unhealthy: {health.Problem}";
        IReadOnlyList<KeyValuePair<string, string>> stats =
        [
            new("dataRoot", engine.DataRoot),
            new("cgroup", engine.CgroupVersion),
            new("sandboxes", rows.Count.ToString()),
        ];
        return Task.FromResult(new DashboardSnapshot("local engine", status, null, rows, stats,
            ["Running executions and timings are shown for a server: sandcastle monitor --server URL."], DateTimeOffset.Now));
    }
}
