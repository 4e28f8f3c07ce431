namespace Sandcastle.Sandbox.Contexts;

/// <summary>A run's output chunks, per stream, in the order they came.</summary>
public sealed record ContextLogs(IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr);
