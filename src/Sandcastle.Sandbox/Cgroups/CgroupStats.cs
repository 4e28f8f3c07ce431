namespace Sandcastle.Sandbox.Cgroups;

/// <summary>What the kernel accounted for one execution's cgroup.</summary>
/// <param name="MemoryBytes">Memory charged to the cgroup now; null where it cannot be read.</param>
public sealed record CgroupStats(TimeSpan? CpuTime, long? PeakMemoryBytes, long OomKills, long? MemoryBytes = null);
