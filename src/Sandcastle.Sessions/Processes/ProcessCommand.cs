namespace Sandcastle.Sessions.Processes;

/// <summary>A background process to start; <see cref="ProcessId"/> is the caller's name for it (else one is made).</summary>
[GenerateSerializer, Alias("Sandcastle.ProcessCommand")]
public sealed record ProcessCommand
{
    [Id(0)] public required string Command { get; init; }
    [Id(1)] public string? ProcessId { get; init; }
    [Id(2)] public Dictionary<string, string>? Environment { get; init; }
    [Id(3)] public string? WorkingDirectory { get; init; }
}
