namespace Sandcastle.Sessions.Execution;

/// <summary>The program ended by itself (any exit code) or hit a limit it was given: a true completion.</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.ExecFinished")]
public sealed record ExecFinished([property: Id(0)] ExecOutcome Outcome) : ExecStreamEvent;
