namespace Sandcastle.Client.Sandboxes;

/// <summary>A stateful interpreter (python, javascript, typescript) in a sandbox; lost when the sandbox sleeps.</summary>
public sealed record CodeContext(string Id, string Language, DateTimeOffset CreatedAt, int ExecutionCount, bool Alive);

/// <summary>A whole run of code in a context: printed output, rich results, the error it raised, its execution count.</summary>
public sealed record CodeRun(CodeRunLogs Logs, IReadOnlyList<CodeResult> Results, CodeError? Error, int ExecutionCount);

/// <summary>Output chunks per stream, in the order they came.</summary>
public sealed record CodeRunLogs(IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr);

/// <summary>
/// One rich result, a MIME bundle (mime type → data) as Jupyter and Cloudflare's interpreter give them; images are
/// base64. The properties read the common types.
/// </summary>
public sealed record CodeResult(IReadOnlyDictionary<string, string> Data)
{
    public string? Text => Data.GetValueOrDefault("text/plain");

    public string? Html => Data.GetValueOrDefault("text/html");

    public string? Json => Data.GetValueOrDefault("application/json");

    /// <summary>A PNG image's bytes (a matplotlib figure, say).</summary>
    public byte[]? Png => Data.GetValueOrDefault("image/png") is { } base64 ? Convert.FromBase64String(base64) : null;
}

/// <summary>The error a run ended with: the code's exception, TimeoutError, or ContextDied / ContextDead (restart the context).</summary>
public sealed record CodeError(string Name, string Message, IReadOnlyList<string> Traceback);

/// <summary>An event of a streamed run.</summary>
public abstract record CodeRunEvent;

public sealed record CodeOutput(string Stream, string Text) : CodeRunEvent;

public sealed record CodeResultEvent(CodeResult Result) : CodeRunEvent;

public sealed record CodeErrorEvent(CodeError Error) : CodeRunEvent;

public sealed record CodeRunCompleted(int ExecutionCount) : CodeRunEvent;

/// <summary>A shell session: execs naming it keep its directory and exported variables.</summary>
public sealed record ShellSession(string Id, string Cwd, DateTimeOffset CreatedAt, bool Busy);

internal sealed record ContextListBody(IReadOnlyList<CodeContext> Contexts);

internal sealed record ShellSessionListBody(IReadOnlyList<ShellSession> Sessions);

internal sealed record CodeRunBody(CodeRunLogs Logs, IReadOnlyList<Dictionary<string, string>> Results, CodeError? Error, int ExecutionCount);
