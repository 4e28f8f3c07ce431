namespace Sandcastle.Sessions.Processes;

/// <summary>One event of a process's log stream: output, then one <see cref="ProcessExit"/>.</summary>
[GenerateSerializer, Alias("Sandcastle.ProcessLogEvent")]
public abstract record ProcessLogEvent;
