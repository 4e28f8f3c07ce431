using System.Text.Json.Serialization;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// One execution as the fork server reads it: a program to exec, or a Python snippet to run in-process; a
/// JavaScript or TypeScript snippet also says how a warm Node runs it, should it get a warm spare.
/// </summary>
internal sealed record ForkServerRequest(
    [property: JsonPropertyName("sandbox")] string SandboxId,
    [property: JsonPropertyName("argv")] IReadOnlyList<string>? Argv,
    [property: JsonPropertyName("snippet")] ForkServerSnippet? Snippet,
    [property: JsonPropertyName("env")] IReadOnlyDictionary<string, string> Environment,
    [property: JsonPropertyName("cwd")] string WorkingDirectory,
    [property: JsonPropertyName("stdin")] string? StdinBase64,
    [property: JsonPropertyName("fileSizeBytes")] long FileSizeBytes,
    [property: JsonPropertyName("tmpBytes")] long TmpBytes,
    [property: JsonPropertyName("volume")] string? Volume)
{
    /// <summary>The spare (an execution's pid 1 forked ahead of time) that runs it; set when it gets one.</summary>
    [JsonPropertyName("spare")]
    public uint Spare { get; init; }

    /// <summary>
    /// For a command bash would only exec (see <see cref="SimpleCommand"/>): the program's words, which pid 1 execs
    /// itself when it finds the program as bash would, and hands to bash otherwise.
    /// </summary>
    [JsonPropertyName("direct"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Direct { get; init; }

    /// <summary>
    /// Its spare's replacement is to be native (see <see cref="CommandSpares"/>): set by the engine, which keeps count
    /// of the native spares it asked for.
    /// </summary>
    [JsonPropertyName("replaceNative"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReplaceNative { get; init; }

    /// <summary>Set when a warm Node runs it exactly as its own Node would (see <see cref="WarmNode"/>).</summary>
    [JsonPropertyName("node"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WarmNodeRun? Node { get; init; }
}

/// <summary>A file the execution finds in its own read-only /run/sandcastle.</summary>
internal sealed record ForkServerSnippet(
    [property: JsonPropertyName("file")] string FileName,
    [property: JsonPropertyName("code")] string Code);
