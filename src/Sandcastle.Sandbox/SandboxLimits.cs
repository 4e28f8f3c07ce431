namespace Sandcastle.Sandbox;

/// <summary>
/// Resource limits applied to every process tree started in a sandbox. Each execution gets its own
/// cgroup with these limits, so two concurrent executions in one sandbox each get the full amount.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>Wall-clock limit of one execution (the seed's 30 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Memory (RSS + page cache + tmpfs) of one process tree.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Processes and threads of one process tree.</summary>
    public int MaxProcesses { get; init; } = 128;

    /// <summary>CPU quota in cores (1.0 = one full core).</summary>
    public double CpuCores { get; init; } = 1.0;

    /// <summary>Largest single file a process may write (RLIMIT_FSIZE).</summary>
    public long MaxFileSizeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Bytes kept per output stream (stdout, stderr); past it the output is cut and the process stopped.</summary>
    public long MaxOutputBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Total size of the sandbox's persistent workspace.</summary>
    public long WorkspaceQuotaBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Size of the private, throw-away /tmp.</summary>
    public long TmpBytes { get; init; } = 64L * 1024 * 1024;

    public static SandboxLimits Default { get; } = new();
}
