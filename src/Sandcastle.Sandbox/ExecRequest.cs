namespace Sandcastle.Sandbox;

/// <summary>
/// What to run in a sandbox: either a code snippet in a <see cref="Language"/>, or a shell
/// <see cref="Command"/> run by bash. Exactly one of <see cref="Code"/> and <see cref="Command"/> is set.
/// </summary>
public sealed record ExecRequest
{
    public SandboxLanguage? Language { get; init; }

    /// <summary>Source code of a snippet, run in <see cref="Language"/>.</summary>
    public string? Code { get; init; }

    /// <summary>A shell command line, run as <c>bash -c</c>.</summary>
    public string? Command { get; init; }

    /// <summary>Bytes written to the process's standard input, which is then closed. Null: empty stdin.</summary>
    public ReadOnlyMemory<byte>? Stdin { get; init; }

    /// <summary>Extra environment variables (the sandbox starts from an empty environment).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Working directory: relative to /workspace, or absolute inside it. Default /workspace.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Overrides the sandbox's limits for this execution only.</summary>
    public SandboxLimits? Limits { get; init; }

    /// <summary>Overrides the sandbox's network policy for this execution only (the caller checks it against its ceiling).</summary>
    public Network.NetworkPolicy? Network { get; init; }

    public static ExecRequest ForCode(SandboxLanguage language, string code) => new() { Language = language, Code = code };

    public static ExecRequest ForCommand(string command) => new() { Command = command };
}
