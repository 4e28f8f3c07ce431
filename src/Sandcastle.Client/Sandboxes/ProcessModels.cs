namespace Sandcastle.Client.Sandboxes;

/// <summary>A background process; <see cref="Status"/> is running, completed, failed or killed.</summary>
public sealed record ProcessInfo(string Id, int Pid, string Command, string Status, DateTimeOffset StartedAt, int? ExitCode, string? Reason);

/// <summary>Everything a background process has printed so far.</summary>
public sealed record ProcessLogs(string Id, string Stdout, string Stderr, string Status);

/// <summary>An event of a followed process log: output so far and as it comes, then <see cref="ProcessExited"/>.</summary>
public abstract record ProcessLogEvent;

public sealed record ProcessOutput(string Stream, string Text) : ProcessLogEvent;

public sealed record ProcessExited(string Status, int? ExitCode, string? Reason, bool Success) : ProcessLogEvent;

internal sealed record ProcessListBody(IReadOnlyList<ProcessInfo> Processes);
