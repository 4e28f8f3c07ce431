namespace Sandcastle.Sessions.Contexts;

/// <summary>The last event of every run, with the context's execution count after it.</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.CellCompleted")]
public sealed record CellCompleted([property: Id(0)] int ExecutionCount) : CellEvent;
