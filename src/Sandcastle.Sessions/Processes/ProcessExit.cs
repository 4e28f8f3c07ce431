using Sandcastle.Sessions.Execution;

namespace Sandcastle.Sessions.Processes;

[GenerateSerializer, Alias("Sandcastle.ProcessExit")]
public sealed record ProcessExit([property: Id(0)] string Status, [property: Id(1)] ExecOutcome Outcome) : ProcessLogEvent;
