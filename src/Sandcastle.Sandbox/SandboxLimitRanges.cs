namespace Sandcastle.Sandbox;

/// <summary>
/// The values a limit may take. Below these a program cannot start at all (an interpreter needs ~10 MB and a few
/// threads), so a one-byte memory limit is a mistake to report, not a limit to apply.
/// </summary>
public static class SandboxLimitRanges
{
    public const long MinMemoryBytes = 16L * 1024 * 1024;
    public const long MaxMemoryBytes = 1L << 40;
    public const int MinProcesses = 4;
    public const int MaxProcesses = 65_536;
    public const double MinCpuCores = 0.01;
    public const double MaxCpuCores = 1024;
    public const long MinOutputBytes = 1024;
    public const long MinFileSizeBytes = 1024;
    public const long MinWorkspaceQuotaBytes = 1024L * 1024;
    public const long MinTmpBytes = 1024L * 1024;
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>The first limit out of range, said with its accepted range; null when all are usable.</summary>
    public static string? Problem(SandboxLimits limits, Func<string, string>? name = null)
    {
        name ??= n => n;
        // Infinite: background processes and code-context kernels, which live until stopped.
        if (limits.Timeout != System.Threading.Timeout.InfiniteTimeSpan && (limits.Timeout < MinTimeout || limits.Timeout > MaxTimeout))
            return $"{name("Timeout")} must be from {DurationText.Format(MinTimeout)} to {DurationText.Format(MaxTimeout)}, not {DurationText.Format(limits.Timeout)}.";
        if (limits.MemoryBytes is < MinMemoryBytes or > MaxMemoryBytes)
            return $"{name("MemoryBytes")} must be from {MinMemoryBytes} (16 MB) to {MaxMemoryBytes} (1 TB), not {limits.MemoryBytes}.";
        if (limits.MaxProcesses is < MinProcesses or > MaxProcesses)
            return $"{name("MaxProcesses")} must be from {MinProcesses} to {MaxProcesses}, not {limits.MaxProcesses}.";
        if (!(limits.CpuCores >= MinCpuCores && limits.CpuCores <= MaxCpuCores))
            return $"{name("CpuCores")} must be from {MinCpuCores} to {MaxCpuCores}, not {limits.CpuCores}.";
        if (limits.MaxOutputBytes < MinOutputBytes)
            return $"{name("MaxOutputBytes")} must be at least {MinOutputBytes} (1 KB), not {limits.MaxOutputBytes}.";
        if (limits.MaxFileSizeBytes < MinFileSizeBytes)
            return $"{name("MaxFileSizeBytes")} must be at least {MinFileSizeBytes} (1 KB), not {limits.MaxFileSizeBytes}.";
        // 0 turns the workspace quota off.
        if (limits.WorkspaceQuotaBytes is > 0 and < MinWorkspaceQuotaBytes or < 0)
            return $"{name("WorkspaceQuotaBytes")} must be 0 (no quota) or at least {MinWorkspaceQuotaBytes} (1 MB), not {limits.WorkspaceQuotaBytes}.";
        if (limits.TmpBytes < MinTmpBytes)
            return $"{name("TmpBytes")} must be at least {MinTmpBytes} (1 MB), not {limits.TmpBytes}.";
        return null;
    }

    /// <summary>Throws <see cref="InvalidSandboxLimitsException"/> for a limit out of range.</summary>
    public static SandboxLimits Validate(SandboxLimits limits) =>
        Problem(limits) is { } problem ? throw new InvalidSandboxLimitsException(problem) : limits;
}
