namespace Sandcastle.Sessions.Processes;

/// <summary>A background process now; <see cref="Status"/> is running, completed, failed or killed.</summary>
[GenerateSerializer, Alias("Sandcastle.ProcessSnapshot")]
public sealed record ProcessSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] int Pid,
    [property: Id(2)] string Command,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] int? ExitCode,
    [property: Id(6)] string? Reason);
