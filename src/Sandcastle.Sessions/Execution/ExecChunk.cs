namespace Sandcastle.Sessions.Execution;

/// <summary>Output as the program wrote it; <see cref="Stream"/> is "stdout" or "stderr".</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.ExecChunk")]
public sealed record ExecChunk([property: Id(0)] string Stream, [property: Id(1)] string Text) : ExecStreamEvent;
