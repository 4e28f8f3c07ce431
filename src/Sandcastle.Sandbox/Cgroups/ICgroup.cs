namespace Sandcastle.Sandbox.Cgroups;

/// <summary>The cgroup (or set of v1 cgroups) of one execution.</summary>
public interface ICgroup : IDisposable
{
    /// <summary>The <c>cgroup.procs</c> files a process writes its pid to, to join before it forks.</summary>
    IReadOnlyList<string> ProcsFiles { get; }

    /// <summary>Shell <c>ulimit</c> flags applied besides the cgroup (the fallback when there is none).</summary>
    IReadOnlyList<string> UlimitArguments { get; }

    /// <summary>Pids of every process still in the cgroup.</summary>
    IReadOnlyList<int> ReadPids();

    CgroupStats ReadStats();

    /// <summary>Sets the memory, process and CPU limits (a cgroup made ahead of time gets its execution's).</summary>
    void Apply(SandboxLimits limits);
}
