namespace Sandcastle.Server.Observability;

/// <summary>How an execution ended, as its caller knows it.</summary>
/// <param name="Reason">exited, timeout, oom, output_limit, disk_quota, cancelled, no_code or error.</param>
/// <param name="GenerationMs">Time spent waiting for the model (0 for exec).</param>
/// <param name="ExecutionMs">Time the programs ran.</param>
public sealed record ExecutionEnd(
    bool Success,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs,
    long InputTokens = 0,
    long OutputTokens = 0,
    string? Model = null)
{
    /// <summary>An execution that ended without a result: the client left, or the server failed.</summary>
    public static ExecutionEnd Abandoned(bool cancelled) => new(false, null, cancelled ? "cancelled" : "error", 0, 0);
}
