namespace Sandcastle.Sessions.Processes;

/// <summary>Everything a background process has printed so far.</summary>
[GenerateSerializer, Alias("Sandcastle.ProcessLogs")]
public sealed record ProcessLogs(
    [property: Id(0)] string Id,
    [property: Id(1)] string Stdout,
    [property: Id(2)] string Stderr,
    [property: Id(3)] string Status);
