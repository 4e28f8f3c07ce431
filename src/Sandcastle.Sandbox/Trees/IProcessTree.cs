using Sandcastle.Sandbox.Cgroups;

namespace Sandcastle.Sandbox.Trees;

/// <summary>
/// The running isolated process tree behind a <see cref="SandboxProcess"/>: its standard streams, its end, and
/// how to kill it and account for it. Started by its own bubblewrap (<see cref="BubblewrapTree"/>) or forked by
/// the sandbox's fork server (<see cref="ForkServers.ForkServerTree"/>).
/// </summary>
internal interface IProcessTree : IDisposable
{
    /// <summary>Host pid of the process that represents the tree (once <see cref="Started"/>).</summary>
    int Pid { get; }

    /// <summary>Completes once the tree's first process exists on the host (it may take a moment after the start).</summary>
    Task Started { get; }

    Stream StandardInput { get; }

    Stream StandardOutput { get; }

    Stream StandardError { get; }

    /// <summary>Completes when the tree's outermost process has ended (its output may still be draining).</summary>
    Task WaitForExitAsync();

    /// <summary>The exit code once ended; a signal death as 128 + signal, as a shell reports it.</summary>
    int ExitCode { get; }

    /// <summary>Kills every process of the tree.</summary>
    void Kill();

    /// <summary>
    /// After the outermost process ended, kills whatever of the program's is left (what still holds the output
    /// open); false when nothing of it was left.
    /// </summary>
    bool KillStragglers();

    /// <summary>Whether any process is still in the tree's cgroup (a forked tree's pid 1, exiting, included).</summary>
    bool HasProcesses { get; }

    /// <summary>CPU time, peak and current memory and OOM kills, as far as known now.</summary>
    CgroupStats ReadStats();
}
