namespace Sandcastle.Sessions.Contexts;

/// <summary>
/// One event of a run in a code context, streamed from the grain as it happens: output, results, at most one
/// <see cref="CellError"/>, then exactly one <see cref="CellCompleted"/>. Like the exec events they are
/// <c>[Immutable]</c>: passed as they are within the silo's process, not deep-copied per call.
/// </summary>
[GenerateSerializer, Alias("Sandcastle.CellEvent")]
public abstract record CellEvent;
