using System.Buffers;
using System.IO.Pipelines;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Native;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// One execution of the fork server, in a cgroup of its own as if it had its own launcher: it waits for a spare
/// (an execution's pid 1 forked ahead of time and already in its cgroup), then its output arrives as frames on the
/// server's channel and is handed on here; its end is the server's EXIT frame.
/// </summary>
internal sealed class ForkServerTree : IProcessTree
{
    private readonly ForkServer _server;
    private readonly Pipe _stdout = new();
    private readonly Pipe _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _hostPid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ForkServerExit? _exit;
    private ICgroup? _cgroup;
    private int _boundPid;
    private volatile bool _killRequested;

    public ForkServerTree(ForkServer server, uint number, ForkServerRequest request, SandboxLimits limits)
    {
        _server = server;
        Number = number;
        Request = request;
        Limits = limits;
        StandardOutput = _stdout.Reader.AsStream();
        StandardError = _stderr.Reader.AsStream();
    }

    public uint Number { get; }

    public ForkServerRequest Request { get; }

    /// <summary>
    /// A networked execution's: runs with the spare's host pid and the listener opened ahead in its namespace (null
    /// if none) before the request is sent to it, and serves the door there.
    /// </summary>
    public Action<int, System.Net.Sockets.Socket?>? OpenDoor { get; init; }

    public SandboxLimits Limits { get; }

    /// <summary>The cgroup group (tenant) its cgroup must be in; null: the engine's own directory.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// Host pid of the execution's pid 1 (its spare), known once its spare has
    /// taken its request; reading it waits for that. 0 if it never started.
    /// </summary>
    public int Pid => _hostPid.Task.Wait(TimeSpan.FromSeconds(10)) ? _hostPid.Task.Result : 0;

    public Task Started => _hostPid.Task;

    /// <summary>Stdin travels with the request; there is no stream to write to afterwards.</summary>
    public Stream StandardInput => Stream.Null;

    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    public int ExitCode => _exit?.Code ?? throw new InvalidOperationException("The execution has not ended.");

    public Task WaitForExitAsync() => _exited.Task;

    /// <summary>Set once a kill was asked for: an execution handed back by a dead spare then ends instead of retrying.</summary>
    public bool KillRequested => _killRequested;

    public void Kill()
    {
        _killRequested = true;
        if (_exited.Task.IsCompleted || _server.CancelWaiting(this))
            return;
        _server.Kill(Number);
    }

    /// <remarks>
    /// The namespace's pid 1 is killed too but is not the program's: it tells the end once it has killed and reaped
    /// everything else, then exits on its own (the server, its parent, reaps it).
    /// </remarks>
    public bool KillStragglers()
    {
        var pids = _cgroup?.ReadPids() ?? [];
        foreach (var pid in pids)
            Libc.Kill(pid, Libc.SIGKILL);
        return pids.Any(pid => pid != _boundPid);
    }

    public bool HasProcesses => (_cgroup?.ReadPids().Count ?? 0) > 0;

    public CgroupStats ReadStats() => _cgroup?.ReadStats() ?? new CgroupStats(null, null, 0);

    public void Dispose()
    {
        _server.Forget(Number);
        KillStragglers();
        _cgroup?.Dispose();
    }

    /// <summary>The execution has its spare: its pid 1 on the host and the cgroup everything it starts is in.</summary>
    internal void Bind(ICgroup cgroup, int hostPid)
    {
        _cgroup = cgroup;
        _boundPid = hostPid;
    }

    /// <summary>Its spare took the request: the execution runs.</summary>
    internal void OnStarted() => _hostPid.TrySetResult(_boundPid);

    /// <summary>Its spare died before taking the request: drop the spare's cgroup, to be bound to another.</summary>
    internal void Unbind()
    {
        KillStragglers();
        _cgroup?.Dispose();
        _cgroup = null;
        _boundPid = 0;
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

    /// <summary>It could not start; the message goes to its stderr.</summary>
    internal void Fail(string message)
    {
        if (_exited.Task.IsCompleted)
            return;
        _stderr.Writer.Write(System.Text.Encoding.UTF8.GetBytes(message + "\n"));
        Complete(new ForkServerExit(125));
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
