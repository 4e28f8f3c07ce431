using System.Diagnostics;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Trees;

/// <summary>A tree started by its own launcher chain (sh → setpriv → bwrap → init → program) in its own cgroup.</summary>
internal sealed class BubblewrapTree(Process process, ICgroup cgroup) : IProcessTree
{
    private volatile bool _exited;

    public ICgroup Cgroup => cgroup;

    public int Pid { get; } = process.Id;

    public Task Started => Task.CompletedTask;

    public Stream StandardInput => process.StandardInput.BaseStream;

    public Stream StandardOutput => process.StandardOutput.BaseStream;

    public Stream StandardError => process.StandardError.BaseStream;

    public int ExitCode => process.ExitCode;

    public async Task WaitForExitAsync()
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        _exited = true;
    }

    /// <summary>
    /// Kills pid 1 of the sandbox's pid namespace: the kernel then kills every process in it, daemons and
    /// setsid children included, and bwrap (its parent) reaps it and exits, so no zombie is left for init.
    /// Before bwrap has made its child, killing bwrap itself is enough.
    /// </summary>
    public void Kill()
    {
        // Once bwrap is reaped its pid may belong to someone else.
        if (_exited)
            return;
        Libc.Kill(FindNamespaceInit() ?? Pid, Libc.SIGKILL);
    }

    public bool HasProcesses => cgroup.ReadPids().Count > 0;

    public bool KillStragglers()
    {
        var pids = cgroup.ReadPids();
        foreach (var pid in pids)
            Libc.Kill(pid, Libc.SIGKILL);
        return pids.Count > 0;
    }

    public CgroupStats ReadStats() => cgroup.ReadStats();

    public void Dispose()
    {
        // Anything still in the cgroup (there should be nothing once pid 1 is gone) is killed before removal.
        KillStragglers();
        cgroup.Dispose();
        process.Dispose();
    }

    private int? FindNamespaceInit() => ProcessTable.Children(Pid) is [var init, ..] ? init : null;
}
