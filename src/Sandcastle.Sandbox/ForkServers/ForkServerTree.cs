using System.Buffers;
using System.IO.Pipelines;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Native;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// One execution forked by a sandbox's fork server, in a cgroup of its own as if it had its own launcher: its
/// output arrives as frames on the server's channel and is handed on here; its end is the server's EXIT frame.
/// </summary>
internal sealed class ForkServerTree : IProcessTree
{
    private readonly ForkServer _server;
    private readonly Pipe _stdout = new();
    private readonly Pipe _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _hostPid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ForkServerExit? _exit;

    public ForkServerTree(ForkServer server, uint number, ICgroup cgroup)
    {
        _server = server;
        Number = number;
        Cgroup = cgroup;
        StandardOutput = _stdout.Reader.AsStream();
        StandardError = _stderr.Reader.AsStream();
    }

    public uint Number { get; }

    /// <summary>The execution's own cgroup; the server's first process for it joins it before it forks.</summary>
    public ICgroup Cgroup { get; }

    /// <summary>
    /// Host pid of the execution's first process (the parent of its namespace's pid 1). Known a moment after the
    /// start, once the server has forked it; reading it waits for that. 0 if it never started.
    /// </summary>
    public int Pid => _hostPid.Task.Wait(TimeSpan.FromSeconds(10)) ? _hostPid.Task.Result : 0;

    public Task Started => _hostPid.Task;

    internal void OnStarted(int hostPid) => _hostPid.TrySetResult(hostPid);

    /// <summary>Stdin travels with the request; there is no stream to write to afterwards.</summary>
    public Stream StandardInput => Stream.Null;

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    public int ExitCode => _exit?.Code ?? throw new InvalidOperationException("The execution has not ended.");

    public Task WaitForExitAsync() => _exited.Task;

    public void Kill()
    {
        if (!_exited.Task.IsCompleted)
            _server.Kill(Number);
    }

    public void KillStragglers()
    {
        foreach (var pid in Cgroup.ReadPids())
            Libc.Kill(pid, Libc.SIGKILL);
    }

    public CgroupStats ReadStats() => Cgroup.ReadStats();

    public void Dispose()
    {
        _server.Forget(Number);
        KillStragglers();
        Cgroup.Dispose();
    }

    internal ValueTask<FlushResult> WriteAsync(bool stderr, ReadOnlyMemory<byte> bytes) =>
        (stderr ? _stderr : _stdout).Writer.WriteAsync(bytes);

    internal void Complete(ForkServerExit exit)
    {
        _exit = exit;
        _hostPid.TrySetResult(0);
        _stdout.Writer.Complete();
        _stderr.Writer.Complete();
        _exited.TrySetResult();
    }

    /// <summary>The server died under the execution (its container was killed or ran out of memory).</summary>
    internal void Abandon()
    {
        if (_exited.Task.IsCompleted)
            return;
        // Completing the writer commits what was written; the reader sees it before the end.
        _stderr.Writer.Write("\n[sandcastle: the sandbox's fork server ended; the execution was lost]\n"u8);
        Complete(new ForkServerExit(137));
    }
}
