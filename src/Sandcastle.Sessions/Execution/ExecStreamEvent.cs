namespace Sandcastle.Sessions.Execution;

/// <summary>
/// One event of an execution streamed from a grain: <see cref="ExecStarted"/>, output, then exactly one of
/// <see cref="ExecFinished"/> (the program ended on its own) or <see cref="ExecFailed"/> (it was killed, or the sandbox died).
/// The events (and <see cref="ExecCommand"/>) are <c>[Immutable]</c>: nobody changes one once made, so a call within
/// the silo's process passes them as they are instead of deep-copying each one.
/// </summary>
[GenerateSerializer, Alias("Sandcastle.ExecStreamEvent")]
public abstract record ExecStreamEvent;
