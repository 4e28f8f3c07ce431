namespace Sandcastle.Sandbox;

/// <summary>One event of a running execution: output as it is produced, then exactly one <see cref="ExecCompleted"/>.</summary>
public abstract record ExecEvent;

/// <summary>A chunk of text the process wrote to stdout or stderr (UTF-8 decoded; a character is never split).</summary>
public sealed record ExecOutput(OutputStream Stream, string Text) : ExecEvent;

/// <summary>The last event of every execution.</summary>
public sealed record ExecCompleted(ExecResult Result) : ExecEvent;
