namespace Sandcastle.Sessions.Processes;

/// <summary>Output of a background process; <see cref="Stream"/> is "stdout" or "stderr".</summary>
[GenerateSerializer, Alias("Sandcastle.ProcessOutput")]
public sealed record ProcessOutput([property: Id(0)] string Stream, [property: Id(1)] string Text) : ProcessLogEvent;
