namespace Sandcastle.Benchmarks;

/// <summary>
/// Puts this process (so the raw spawns it starts, and the engine's own threads) into a cgroup v1 cpu group beside
/// the executions', under the engine's cgroup parent. On a shared machine a task in the root cpu group weighs as
/// much as the engine's whole parent group, so with other load the executions get a smaller CPU share than a raw
/// spawn: a difference of place, not of cost. Placed side by side, both compete from the same spot.
/// </summary>
internal sealed class CpuGroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup/cpu";
    private readonly string? _directory;

    private CpuGroup(string? directory) => _directory = directory;

    /// <summary>Where the bench runs: "cpu:/parent/bench-pid", or why it stays where it is.</summary>
    public string Description { get; private init; } = "";

    public static CpuGroup Enter(string parent)
    {
        var directory = Path.Combine(Root, parent, $"bench-{Environment.ProcessId}");
        try
        {
            if (!Directory.Exists(Path.Combine(Root, parent)))
                return new CpuGroup(null) { Description = $"the host's cpu group (no {Root}/{parent})" };
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), Environment.ProcessId.ToString());
            return new CpuGroup(directory) { Description = $"cpu group /{parent}/bench-{Environment.ProcessId}, beside the executions'" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CpuGroup(null) { Description = $"the host's cpu group ({e.Message})" };
        }
    }

    public void Dispose()
    {
        if (_directory is null)
            return;
        try
        {
            File.WriteAllText(Path.Combine(Root, "cgroup.procs"), Environment.ProcessId.ToString());
            Directory.Delete(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
