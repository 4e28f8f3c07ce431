namespace Sandcastle.Sandbox;

/// <summary>How an execution ended and what it cost.</summary>
/// <param name="ExitCode">The exit code; 128+signal when it died of a signal (as a shell reports it).</param>
/// <param name="Signal">The signal that killed it, if any.</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="WallTime">From start to the whole tree gone.</param>
/// <param name="CpuTime">User + system CPU of the whole tree, when the kernel reports it.</param>
/// <param name="PeakMemoryBytes">Peak memory of the tree, when the kernel reports it.</param>
/// <param name="StdoutTruncated">Whether stdout was cut at the output cap.</param>
/// <param name="StderrTruncated">Whether stderr was cut at the output cap.</param>
public sealed record ExecResult(
    int ExitCode,
    int? Signal,
    ExitReason Reason,
    TimeSpan WallTime,
    TimeSpan? CpuTime,
    long? PeakMemoryBytes,
    bool StdoutTruncated = false,
    bool StderrTruncated = false)
{
    public bool Success => Reason == ExitReason.Exited && ExitCode == 0;

    /// <summary>A one-line reason for a non-success end, for terminals and error fields.</summary>
    public string? Describe(SandboxLimits limits) => Reason switch
    {
        ExitReason.Timeout => $"timed out after {limits.Timeout.TotalSeconds:0.###} s",
        ExitReason.OutOfMemory => $"killed: out of memory (limit {limits.MemoryBytes / (1024 * 1024)} MB)",
        ExitReason.OutputLimit => $"killed: output passed the {limits.MaxOutputBytes} byte limit",
        ExitReason.DiskQuota => $"killed: workspace passed its {limits.WorkspaceQuotaBytes / (1024 * 1024)} MB quota",
        ExitReason.Cancelled => "cancelled",
        _ when Signal is { } s => $"killed by signal {s}",
        _ => null,
    };
}
