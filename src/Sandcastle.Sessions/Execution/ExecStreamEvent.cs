namespace Sandcastle.Sessions.Execution;

/// <summary>
/// One event of an execution streamed from a grain: <see cref="ExecStarted"/>, output, then exactly one of
/// <see cref="ExecFinished"/> (the program ended on its own) or <see cref="ExecFailed"/> (it was killed, or the sandbox died).
/// </summary>
[GenerateSerializer, Alias("Sandcastle.ExecStreamEvent")]
public abstract record ExecStreamEvent;
