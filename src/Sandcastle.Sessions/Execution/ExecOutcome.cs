using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Execution;

/// <summary>How an execution ended, in wire terms (reason: exited, timeout, oom, output_limit, disk_quota, cancelled).</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.ExecOutcome")]
public sealed record ExecOutcome(
    [property: Id(0)] bool Success,
    [property: Id(1)] int ExitCode,
    [property: Id(2)] int? Signal,
    [property: Id(3)] string Reason,
    [property: Id(4)] double DurationMs,
    [property: Id(5)] string? Message)
{
    public static ExecOutcome From(ExecResult result, SandboxLimits limits) => new(
        result.Success, result.ExitCode, result.Signal, result.Reason.ToWireName(), result.WallTime.TotalMilliseconds, result.Describe(limits));

    /// <summary>
    /// Whether the end is a completion. A program that exits (any code) or is stopped by one of its own limits
    /// completed; one killed from outside (a signal we did not send for a limit, a cancel, a dying sandbox) did not.
    /// </summary>
    public static bool IsCompletion(ExecResult result) =>
        result.Reason is not ExitReason.Cancelled && !(result.Reason is ExitReason.Exited && result.Signal is not null);
}
