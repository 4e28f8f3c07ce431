namespace Sandcastle.Sessions.Execution;

/// <summary>
/// A shell command, or a code snippet in a language (wire name: python, javascript, typescript, bash), to run in a
/// sandbox on top of the sandbox's environment and limits.
/// </summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.ExecCommand")]
public sealed record ExecCommand
{
    [Id(0)] public string? Command { get; init; }
    [Id(1)] public Dictionary<string, string>? Environment { get; init; }
    [Id(2)] public string? WorkingDirectory { get; init; }
    [Id(3)] public long? TimeoutMs { get; init; }
    [Id(4)] public byte[]? Stdin { get; init; }
    [Id(5)] public string? Language { get; init; }
    [Id(6)] public string? Code { get; init; }

    /// <summary>A shell session whose directory and exported variables the command starts with and updates.</summary>
    [Id(7)] public string? SessionId { get; init; }

    /// <summary>This execution's network allow-list instead of the sandbox's (within the server's ceiling).</summary>
    [Id(8)] public List<string>? NetworkAllow { get; init; }
}
