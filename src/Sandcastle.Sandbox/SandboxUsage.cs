namespace Sandcastle.Sandbox;

/// <summary>A sandbox's running processes and what they use together now.</summary>
/// <param name="Id">The engine's sandbox id (the workspace id).</param>
/// <param name="MemoryBytes">Memory charged to the processes' cgroups; null without cgroup accounting.</param>
/// <param name="CpuTime">CPU time the processes used so far; null without cgroup accounting.</param>
public sealed record SandboxUsage(string Id, int RunningProcesses, long? MemoryBytes, TimeSpan? CpuTime);
