namespace Sandcastle.Server.Sandboxes;

/// <summary>A run's output chunks per stream, in the order they came.</summary>
public sealed record ContextRunLogs(List<string> Stdout, List<string> Stderr);
