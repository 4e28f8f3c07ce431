namespace Sandcastle.Sandbox.Cgroups;

/// <summary>cgroup v2: one unified hierarchy with the memory, pids and cpu controllers delegated to our parent.</summary>
internal sealed class CgroupV2Backend : ICgroupBackend
{
    private const string Controllers = "+memory +pids +cpu";
    private readonly string _engine;

    public CgroupV2Backend(string unifiedRoot, string parent, string engine)
    {
        var parentDirectory = Path.Combine(unifiedRoot, parent);
        _engine = Path.Combine(parentDirectory, engine);
        Directory.CreateDirectory(_engine);
        // Controllers reach a child only when every ancestor enables them in subtree_control.
        CgroupFiles.Write(Path.Combine(unifiedRoot, "cgroup.subtree_control"), Controllers);
        CgroupFiles.Write(Path.Combine(parentDirectory, "cgroup.subtree_control"), Controllers);
        CgroupFiles.Write(Path.Combine(_engine, "cgroup.subtree_control"), Controllers);
    }

    public string Name => "v2";

    public IReadOnlyList<string> EngineDirectories => [_engine];

    public bool EnforcesMemory => true;

    /// <summary>Usable when the hierarchy offers memory and pids to its children.</summary>
    public static bool IsUsable(string unifiedRoot)
    {
        var controllers = Path.Combine(unifiedRoot, "cgroup.controllers");
        if (!File.Exists(controllers))
            return false;
        var available = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return available.Contains("memory") && available.Contains("pids");
    }

    /// <summary>A group's cgroup holds only its executions' (v2 allows no processes beside controlled children).</summary>
    public ICgroup CreateGroup(string group, SandboxLimits aggregate)
    {
        var cgroup = Create(group, aggregate);
        CgroupFiles.Write(Path.Combine(_engine, group, "cgroup.subtree_control"), Controllers);
        return cgroup;
    }

    public ICgroup Create(string name, SandboxLimits limits, string? group = null)
    {
        var directory = group is null ? Path.Combine(_engine, name) : Path.Combine(_engine, group, name);
        Directory.CreateDirectory(directory);
        var cgroup = new CgroupV2(directory, limits);
        try
        {
            cgroup.Apply(limits);
            return cgroup;
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    private sealed class CgroupV2(string directory, SandboxLimits limits) : ICgroup
    {
        public IReadOnlyList<string> ProcsFiles { get; } = [Path.Combine(directory, "cgroup.procs")];

        public IReadOnlyList<string> UlimitArguments { get; } = [CgroupFiles.FileSizeUlimit(limits.MaxFileSizeBytes), "-c 0"];

        public IReadOnlyList<int> ReadPids() => CgroupFiles.ReadPids(ProcsFiles[0]);

        public void Apply(SandboxLimits limits)
        {
            CgroupFiles.Write(Path.Combine(directory, "memory.max"), limits.MemoryBytes.ToString());
            var swap = Path.Combine(directory, "memory.swap.max");
            if (File.Exists(swap))
                CgroupFiles.Write(swap, "0");
            CgroupFiles.Write(Path.Combine(directory, "pids.max"), limits.MaxProcesses.ToString());
            var cpuMax = Path.Combine(directory, "cpu.max");
            if (File.Exists(cpuMax))
                CgroupFiles.Write(cpuMax, $"{(long)(limits.CpuCores * 100_000)} 100000");
        }

        public CgroupStats ReadStats()
        {
            var usageMicroseconds = CgroupFiles.ReadKey(Path.Combine(directory, "cpu.stat"), "usage_usec");
            return new CgroupStats(
                usageMicroseconds is { } us ? TimeSpan.FromMicroseconds(us) : null,
                CgroupFiles.ReadLong(Path.Combine(directory, "memory.peak")),
                CgroupFiles.ReadKey(Path.Combine(directory, "memory.events"), "oom_kill") ?? 0,
                CgroupFiles.ReadLong(Path.Combine(directory, "memory.current")));
        }

        public void Dispose()
        {
            var kill = Path.Combine(directory, "cgroup.kill");
            if (File.Exists(kill) && ReadPids().Count > 0)
                CgroupFiles.Write(kill, "1");
            CgroupFiles.Remove(directory);
        }
    }
}
