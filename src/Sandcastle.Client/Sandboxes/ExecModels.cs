namespace Sandcastle.Client.Sandboxes;

/// <summary>How to run a command; everything optional.</summary>
/// <param name="Env">Variables on top of the sandbox's environment.</param>
/// <param name="Cwd">Working directory, relative to /workspace.</param>
/// <param name="Timeout">Run time limit; null: the sandbox's.</param>
/// <param name="Stdin">Text given to the command's standard input.</param>
/// <param name="SessionId">A shell session whose <c>cd</c> and <c>export</c> the command starts with and keeps.</param>
public sealed record ExecOptions(
    IReadOnlyDictionary<string, string>? Env = null,
    string? Cwd = null,
    TimeSpan? Timeout = null,
    string? Stdin = null,
    string? SessionId = null)
{
    internal object ToBody(string command) =>
        new { Command = command, Env, Cwd, TimeoutMs = Timeout is { } t ? (long?)t.TotalMilliseconds : null, Stdin, SessionId };
}

/// <summary>A finished command.</summary>
/// <param name="Duration">Milliseconds it ran.</param>
/// <param name="Reason">How it ended: exited, timeout, oom, output_limit, disk_quota or cancelled.</param>
public sealed record ExecResult(bool Success, int ExitCode, string Stdout, string Stderr, double Duration, string Reason, string? Message);

/// <summary>An event of a streamed command: <see cref="ExecStarted"/>, <see cref="ExecOutput"/>s, then <see cref="ExecCompleted"/>.</summary>
public abstract record ExecEvent;

/// <summary>The command started; <see cref="Pid"/> is its process id on the server's host.</summary>
public sealed record ExecStarted(int Pid, string? ExecutionId) : ExecEvent;

/// <summary>Output as the command printed it; <see cref="Stream"/> is stdout or stderr.</summary>
public sealed record ExecOutput(string Stream, string Text) : ExecEvent;

/// <summary>The command ended (a failure the server reports mid-stream throws <see cref="SandcastleApiException"/> instead).</summary>
public sealed record ExecCompleted(bool Success, int ExitCode, string Reason, double Duration, string? Message) : ExecEvent;
