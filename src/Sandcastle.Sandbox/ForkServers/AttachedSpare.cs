using Sandcastle.Sandbox.Cgroups;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>An execution's first process forked ahead of time, moved into the cgroup it will run in.</summary>
internal sealed record AttachedSpare(uint Number, int HostPid, ICgroup Cgroup);
