using Sandcastle.Sandbox.Cgroups;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// An execution's first process forked ahead of time, moved into the cgroup it will run in, made in
/// <paramref name="Group"/>'s cgroup (a tenant's; null: the engine's own directory).
/// </summary>
internal sealed record AttachedSpare(uint Number, int HostPid, ICgroup Cgroup, string? Group);
