namespace Sandcastle.Sandbox;

/// <summary>A whole execution gathered in memory: all output and the result.</summary>
public sealed record CollectedExec(string Stdout, string Stderr, ExecResult Result);
