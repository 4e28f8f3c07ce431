namespace Sandcastle.Server.Execute;

/// <summary>One generate-and-run round of a request, as it appears in <c>attempts</c>.</summary>
public sealed record ExecuteAttempt(
    int Attempt,
    bool Success,
    string? Code,
    string Output,
    string? Error,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs);
