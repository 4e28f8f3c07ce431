namespace Sandcastle.Server.Observability;

/// <summary>An execution still running, as /v1/stats shows it.</summary>
/// <param name="Kind">execute, exec or process.</param>
/// <param name="ElapsedMs">Milliseconds since it started.</param>
public sealed record RunningExecution(
    string Id,
    string Kind,
    string SandboxId,
    string? Language,
    string? Question,
    string? Command,
    DateTimeOffset StartedAt,
    long ElapsedMs);
