namespace Sandcastle.Server.Observability;

/// <summary>A finished execution, as /v1/stats shows it (newest first).</summary>
/// <param name="Kind">execute or exec.</param>
/// <param name="Reason">exited, timeout, oom, output_limit, disk_quota, cancelled, no_code or error.</param>
/// <param name="DurationMs">Wall time from start to end, generation included.</param>
public sealed record RecentExecution(
    string Id,
    string Tenant,
    string Kind,
    string SandboxId,
    string? Language,
    string? Question,
    string? Command,
    bool Success,
    int? ExitCode,
    string Reason,
    string? Model,
    long GenerationMs,
    long ExecutionMs,
    long DurationMs,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);
