namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// The error a run ended with: an exception of the cell (<c>ZeroDivisionError</c>, <c>TypeError</c>...),
/// <c>TimeoutError</c> when it passed its time limit, or <c>ContextDied</c> / <c>ContextDead</c> when the
/// context's process is gone. The traceback holds the user's frames only, one line per entry.
/// </summary>
public sealed record ContextError(string Name, string Message, IReadOnlyList<string> Traceback) : ContextEvent;
