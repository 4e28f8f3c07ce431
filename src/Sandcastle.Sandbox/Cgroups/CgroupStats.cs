namespace Sandcastle.Sandbox.Cgroups;

/// <summary>What the kernel accounted for one execution's cgroup.</summary>
public sealed record CgroupStats(TimeSpan? CpuTime, long? PeakMemoryBytes, long OomKills);
