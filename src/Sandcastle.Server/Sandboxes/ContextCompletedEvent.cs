namespace Sandcastle.Server.Sandboxes;

/// <summary>Data of the <c>complete</c> event that ends a streamed context run.</summary>
public sealed record ContextCompletedEvent(int ExecutionCount);
