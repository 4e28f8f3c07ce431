namespace Sandcastle.Sandbox;

/// <summary>What a running process tree uses now, as its cgroup accounts it; null when not accounted.</summary>
public sealed record ResourceUsage(long? MemoryBytes, TimeSpan? CpuTime);
