namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// One event of a run in a <see cref="CodeContext"/>, streamed as it happens: output, results and at most one
/// error, then exactly one <see cref="ContextCompleted"/>.
/// </summary>
public abstract record ContextEvent;
