namespace Sandcastle.Sessions.Execution;

[GenerateSerializer, Immutable, Alias("Sandcastle.ExecStarted")]
public sealed record ExecStarted([property: Id(0)] string ExecutionId, [property: Id(1)] int Pid) : ExecStreamEvent;
