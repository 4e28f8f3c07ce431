namespace Sandcastle.Sandbox.Contexts;

/// <summary>The last event of every run, with the context's execution count after it.</summary>
public sealed record ContextCompleted(int ExecutionCount) : ContextEvent;
