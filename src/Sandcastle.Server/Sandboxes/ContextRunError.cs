namespace Sandcastle.Server.Sandboxes;

/// <summary>The error a run ended with (a cell exception, TimeoutError, ContextDied, ContextDead); one traceback line per entry.</summary>
public sealed record ContextRunError(string Name, string Message, IReadOnlyList<string> Traceback);
