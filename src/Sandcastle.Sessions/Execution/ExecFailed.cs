namespace Sandcastle.Sessions.Execution;

/// <summary>The execution did not complete: it was killed, cancelled, or its sandbox went away. Outcome when known.</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.ExecFailed")]
public sealed record ExecFailed([property: Id(0)] string Message, [property: Id(1)] ExecOutcome? Outcome) : ExecStreamEvent;
