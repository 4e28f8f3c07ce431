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

    /// <summary>
    /// Whether no process is left in it (as <see cref="ReadPids"/> would say): asked after every execution (once or
    /// more, until its last process has gone), where listing the pids builds the kernel's whole list each time.
    /// </summary>
    bool IsEmpty() => ReadPids().Count == 0;

    /// <summary>The pids still in it, as <see cref="ReadPids"/>, without listing them when a count says there are none.</summary>
    IReadOnlyList<int> ReadPidsIfAny() => ReadPids();

    CgroupStats ReadStats();

    /// <summary>Sets the memory, process and CPU limits (a cgroup made ahead of time gets its execution's).</summary>
    void Apply(SandboxLimits limits);
}
