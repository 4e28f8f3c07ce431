namespace Sandcastle.Server.Execute;

/// <summary>
/// The answer of POST /execute: the seed's fields (<c>success, question, code, output, error, sandboxId,
/// executionTime</c>) unchanged, then Sandcastle's. Top-level fields describe the last attempt.
/// </summary>
/// <param name="ExecutionTime">Milliseconds from request to answer (generation and execution).</param>
/// <param name="Reason">How the last attempt ended: exited, timeout, oom, output_limit, disk_quota, cancelled or no_code.</param>
public sealed record ExecuteResponse(
    bool Success,
    string Question,
    string Code,
    string Output,
    string Error,
    string SandboxId,
    long ExecutionTime,
    string Language,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs,
    string Model,
    ExecuteUsage Usage,
    IReadOnlyList<ExecuteAttempt> Attempts);
