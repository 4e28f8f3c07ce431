using Sandcastle.Sessions.Execution;

namespace Sandcastle.Server.Sandboxes;

/// <summary>A finished execution; duration in milliseconds; reason: exited, timeout, oom, output_limit, disk_quota, cancelled.</summary>
public sealed record ExecResponse(bool Success, int ExitCode, string Stdout, string Stderr, double Duration, string Reason, string? Message)
{
    public static ExecResponse From(ExecOutcome outcome, string stdout, string stderr) =>
        new(outcome.Success, outcome.ExitCode, stdout, stderr, Math.Round(outcome.DurationMs, 3), outcome.Reason, outcome.Message);
}
