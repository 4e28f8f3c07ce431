namespace Sandcastle.Sandbox.Cgroups;

/// <summary>
/// No usable cgroup controller: memory is capped with RLIMIT_AS instead (coarser: it counts address space,
/// so node needs far more than it uses), there is no process-count or CPU limit and no peak-memory figure.
/// </summary>
internal sealed class RlimitOnlyBackend : ICgroupBackend
{
    public string Name => "none";

    public bool EnforcesMemory => false;

    public IReadOnlyList<string> EngineDirectories => [];

    public ICgroup Create(string name, SandboxLimits limits, string? group = null) => new RlimitOnly(limits);

    /// <summary>Without cgroups nothing bounds a group's executions together.</summary>
    public ICgroup CreateGroup(string group, SandboxLimits aggregate) => new RlimitOnly(aggregate);

    private sealed class RlimitOnly(SandboxLimits limits) : ICgroup
    {
        public IReadOnlyList<string> ProcsFiles => [];

        public IReadOnlyList<string> UlimitArguments { get; } =
            [CgroupFiles.FileSizeUlimit(limits.MaxFileSizeBytes), "-c 0", $"-v {limits.MemoryBytes / 1024}"];

        public IReadOnlyList<int> ReadPids() => [];

        public CgroupStats ReadStats() => new(null, null, 0);

        /// <summary>The limits are the launcher's rlimits, fixed when it starts.</summary>
        public void Apply(SandboxLimits limits)
        {
        }

        public void Dispose()
        {
        }
    }
}
