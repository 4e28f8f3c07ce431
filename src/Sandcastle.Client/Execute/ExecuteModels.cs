namespace Sandcastle.Client.Execute;

/// <summary>A question for POST /execute: Claude writes code for it, the server runs it in a sandbox.</summary>
/// <param name="Language">python (default), javascript, typescript or bash.</param>
/// <param name="Timeout">Run time limit of each program in milliseconds.</param>
/// <param name="MaxAttempts">Generate-and-run attempts, the first included.</param>
/// <param name="SandboxId">Run in this persistent sandbox (its files stay) instead of a fresh one.</param>
/// <param name="Role">Instructions for the system prompt's role section.</param>
/// <param name="Model">A model id instead of the server's.</param>
/// <param name="Network">Where the programs may connect (an allow-list); none: the server's default.</param>
public sealed record ExecuteRequest(
    string Question,
    string? Language = null,
    long? MaxTokens = null,
    long? Timeout = null,
    long? MaxAttempts = null,
    string? SandboxId = null,
    string? Role = null,
    string? Model = null,
    NetworkAllowList? Network = null);

/// <summary>A network policy: host patterns such as <c>pypi.org</c>, <c>*.example.com</c>, <c>host:443</c> or <c>*</c>.</summary>
public sealed record NetworkAllowList(IReadOnlyList<string> Allow);

/// <summary>The answer: the last attempt's code and output, timings, tokens, and every attempt.</summary>
/// <param name="ExecutionTime">Milliseconds from request to answer.</param>
/// <param name="Reason">exited, timeout, oom, output_limit, disk_quota, cancelled or no_code.</param>
public sealed record ExecuteResult(
    bool Success,
    string Question,
    string? Code,
    string Output,
    string? Error,
    string SandboxId,
    long ExecutionTime,
    string Language,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs,
    string Model,
    ExecuteUsage Usage,
    IReadOnlyList<ExecuteAttempt> Attempts);

public sealed record ExecuteUsage(long InputTokens, long OutputTokens);

/// <summary>One generate-and-run round.</summary>
public sealed record ExecuteAttempt(
    int Attempt, bool Success, string? Code, string Output, string? Error, int? ExitCode, string Reason, long GenerationMs, long ExecutionMs);

/// <summary>An event of a streamed /execute, in order: started, code deltas, code, output, attempt ended, ..., completed.</summary>
public abstract record ExecuteEvent;

public sealed record ExecuteStarted(string Question, string Language, string Model, int MaxAttempts, string SandboxId) : ExecuteEvent;

/// <summary>Claude's reply as it writes it.</summary>
public sealed record ExecuteCodeDelta(int Attempt, string Text) : ExecuteEvent;

/// <summary>The program extracted from the reply.</summary>
public sealed record ExecuteCode(int Attempt, string Code) : ExecuteEvent;

/// <summary>What the program printed; <see cref="Stream"/> is stdout or stderr.</summary>
public sealed record ExecuteOutput(int Attempt, string Stream, string Text) : ExecuteEvent;

public sealed record ExecuteAttemptEnded(ExecuteAttempt Attempt) : ExecuteEvent;

public sealed record ExecuteCompleted(ExecuteResult Result) : ExecuteEvent;
