using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Native;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The engine's fork server: one long-lived bubblewrap container whose helper forks each execution into fresh
/// mount, pid, IPC, network and cgroup namespaces, with its sandbox's workspace, its own cgroup, no capabilities and
/// the seccomp filter. An execution then costs a fork instead of a launcher chain, a bwrap and an interpreter
/// start. Talks to the helper in frames over its stdin and stdout (see forkserver.py).
/// <para>
/// The helper keeps a few spares: executions' pid 1s forked ahead of time, each in namespaces of its own. As each is
/// announced, this moves it into a cgroup of its own (a cgroup v1 move can wait for an RCU grace
/// period, 8-16 ms here: better now than on a request's way), and opens the egress proxy's listener in its network
/// namespace; a request takes a moved spare, sets the spare's cgroup to its own limits, keeps or closes the listener,
/// and goes.
/// </para>
/// <para>
/// An execution's cgroup must sit in its tenant's (whose limits bound the tenant's executions together), and a
/// cgroup cannot change parents: so each spare is made in a tenant's cgroup when it is announced, and kept for that
/// tenant. Spares follow demand: each request a spare served is owed a replacement in the same tenant, and the
/// helper replaces every spare a run takes. A request whose tenant has no spare takes another tenant's (the one that
/// has the most) and moves it into a new cgroup in its own tenant: the grace period is then on its way, once.
/// </para>
/// <para>
/// Some moved spares are warmed: told to start a Node in their namespaces, unprivileged, waiting for its run (see
/// warm_node.py), since Node cannot be forked warm as Python is. A JavaScript or TypeScript request a warm Node can
/// serve takes one of them when one is kept, else a plain spare; no other request ever takes one. Native spares, asked
/// for as commands' replacements, have a small C program as pid 1 from the start, which runs an exec'd command (see
/// <see cref="CommandSpares"/>).
/// </para>
/// </summary>
internal sealed partial class ForkServer : IAsyncDisposable
{
    private readonly BubblewrapTree _container;
    private readonly ICgroupBackend _cgroups;
    private readonly SandboxLimits _spareLimits;
    private readonly ILogger _logger;
    private readonly SparePool _spares;
    private readonly WarmNodeSpares? _warmNode;
    private readonly Stream _control;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<uint, ForkServerTree> _running = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private uint _lastNumber;
    private readonly ForkServerChildren _children;
    private readonly Func<int, Socket?> _openListener;

    private volatile bool _dead;

    /// <param name="container">The container's launcher, started with the helper as its program, in a cgroup of its own.</param>
    /// <param name="cgroups">Makes the executions' cgroups.</param>
    /// <param name="spareLimits">The limits a spare's cgroup starts with (an execution with others changes them).</param>
    /// <param name="logger">Where the helper's own complaints go.</param>
    /// <param name="openListener">
    /// Opens the egress proxy's listener in the network namespace of the process with this host pid (null where
    /// sandboxes have no network): done for each spare as it is announced, so a networked execution finds its door
    /// open, and one that is not networked has it closed before it runs.
    /// </param>
    /// <param name="warmNode">How many warm Node spares to keep, and their first message; null: none.</param>
    /// <param name="commandSpares">How many native spares to keep for commands; null: none.</param>
    /// <param name="nativeWarmNodes">Whether warm Nodes start in native spares (with <paramref name="commandSpares"/>).</param>
    public ForkServer(BubblewrapTree container, ICgroupBackend cgroups, SandboxLimits spareLimits, ILogger logger, Func<int, Socket?> openListener, WarmNodeSpares? warmNode = null, CommandSpares? commandSpares = null, bool nativeWarmNodes = false)
    {
        _openListener = openListener;
        _warmNode = warmNode;
        _spares = new SparePool(warmNode, commandSpares, nativeWarmNodes);
        _container = container;
        _cgroups = cgroups;
        _spareLimits = spareLimits;
        _logger = logger;
        Pid = container.Pid;
        _children = new ForkServerChildren(container.Pid);
        _control = container.StandardInput;
        _reader = Task.Run(ReadAsync);
        _ = Task.Run(LogDiagnosticsAsync);
    }

    public int Pid { get; }

    public bool IsReady => _ready.Task.IsCompletedSuccessfully && !_dead;

    /// <summary>Warm Node spares kept now (each may still be starting its Node).</summary>
    internal int WarmNodeSpareCount => _spares.WarmCount;

    /// <summary>Warm Node spares kept now that serve a run needing <paramref name="start"/> (for tests).</summary>
    internal int WarmNodeSpareCountFor(WarmNodeStart start) => _spares.WarmCountFor(start);

    /// <summary>How many runs have taken a warm Node spare (for tests).</summary>
    internal int WarmNodeSparesTaken => _spares.WarmTaken;

    /// <summary>How many runs have taken a native spare (for tests).</summary>
    internal int CommandSparesTaken => _spares.CommandTaken;

    /// <summary>Native spares kept now (for tests).</summary>
    internal int CommandSpareCount => _spares.CommandCount;

    /// <summary>Whether native spares are still asked for: false once the helper said it has no native zygote (for tests).</summary>
    internal bool AsksForNativeSpares => _spares.AsksForNativeSpares;

    /// <summary>How many runs have taken a native warm Node (for tests).</summary>
    internal int NativeWarmNodesTaken => _spares.NativeWarmTaken;

    /// <summary>Native warm Nodes kept now that serve a run needing <paramref name="start"/> (for tests).</summary>
    internal int NativeWarmNodeCountFor(WarmNodeStart start) => _spares.NativeWarmCountFor(start);

    /// <summary>Completes when the helper has started and waits for executions; faults if it died first.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Starts one execution in a cgroup of its own with these limits. Its output and end arrive on the returned
    /// tree; when no spare is ready it waits for the next one. <paramref name="openDoor"/> (a networked execution's)
    /// gets the spare's host pid and the listener opened in its namespace (null if none could be) before the request
    /// goes to it; any other execution's listener is closed then.
    /// </summary>
    public ForkServerTree Start(ForkServerRequest request, SandboxLimits limits, string? group = null, Action<int, Socket?>? openDoor = null)
    {
        var number = Interlocked.Increment(ref _lastNumber);
        var tree = new ForkServerTree(this, number, request, limits) { OpenDoor = openDoor, Group = group };
        if (request.Node is { } node)
            _warmNode?.NodeRan(group, node.Start);
        _running[number] = tree;
        if (_spares.TakeForNew(tree, out var spare))
            Dispatch(tree, spare);
        return tree;
    }

    /// <summary>Ends an execution still waiting for a spare (killed before it ran); false once it has one.</summary>
    internal bool CancelWaiting(ForkServerTree tree)
    {
        if (!_spares.CancelWaiting(tree))
            return false;
        _running.TryRemove(tree.Number, out _);
        tree.Complete(new ForkServerExit(137));
        return true;
    }

    private void Dispatch(ForkServerTree tree, AttachedSpare spare)
    {
        try
        {
            if (spare.Group != tree.Group)
                spare = MoveToGroup(spare, tree);
            else if (!SameCgroupLimits(tree.Limits, _spareLimits))
                spare.Cgroup.Apply(tree.Limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Limits that could not be set: this spare must run nothing.
            _logger.LogWarning("Could not set an execution's cgroup limits: {Error}", e.Message);
            Libc.Kill(spare.HostPid, Libc.SIGKILL);
            spare.Discard();
            _running.TryRemove(tree.Number, out _);
            tree.Fail($"sandcastle: could not set the execution's limits: {e.Message}");
            return;
        }
        var listener = spare.TakeListener();
        try
        {
            if (tree.OpenDoor is { } openDoor)
                openDoor(spare.HostPid, listener);
            else
                listener?.Dispose(); // An execution that is not networked has no proxy at all.
        }
        catch (Exception e) when (e is IOException or SandboxUnavailableException)
        {
            _logger.LogWarning("Could not prepare an execution's network: {Error}", e.Message);
            Libc.Kill(spare.HostPid, Libc.SIGKILL);
            listener?.Dispose();
            spare.Discard();
            _running.TryRemove(tree.Number, out _);
            tree.Fail($"sandcastle: could not open the sandbox's network door: {e.Message}");
            return;
        }
        tree.Bind(spare.Cgroup, spare.HostPid);
        var request = tree.Request with { Spare = spare.Number, ReplaceNative = _spares.ReplaceNatively(tree) };
        if (!Send(RunFrame, tree.Number, JsonSerializer.SerializeToUtf8Bytes(request)))
            tree.Abandon();
    }

    /// <summary>Another group's spare for this execution: a new cgroup in the execution's group, with its limits, and the spare moved in.</summary>
    private AttachedSpare MoveToGroup(AttachedSpare spare, ForkServerTree tree)
    {
        var cgroup = _cgroups.Create($"spare-{Guid.NewGuid():N}", tree.Limits, tree.Group);
        try
        {
            foreach (var procs in cgroup.ProcsFiles)
                CgroupFiles.Write(procs, spare.HostPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            Libc.Kill(spare.HostPid, Libc.SIGKILL);
            cgroup.Dispose();
            throw;
        }
        spare.Cgroup.Dispose();
        return new AttachedSpare(spare.Number, spare.HostPid, cgroup, tree.Group, spare.TakeListener(), spare.Native);
    }

    /// <summary>Its spare died before it (killed from outside): it gets the next one, unless it was killed meanwhile.</summary>
    private void Requeue(ForkServerTree tree)
    {
        tree.Unbind();
        if (tree.KillRequested)
        {
            _running.TryRemove(tree.Number, out _);
            tree.Complete(new ForkServerExit(137));
            return;
        }
        if (_spares.TakeAgain(tree, out var spare))
            Dispatch(tree, spare);
    }

    private static bool SameCgroupLimits(SandboxLimits a, SandboxLimits b) =>
        a.MemoryBytes == b.MemoryBytes && a.MaxProcesses == b.MaxProcesses && a.CpuCores.Equals(b.CpuCores);

    /// <summary>
    /// Moves a spare the helper announced into a cgroup of its own, in the group of the first waiting execution it
    /// serves, else of the oldest request owed a replacement of its kind; then gives it to a waiting execution or keeps
    /// it for its group.
    /// </summary>
    private void Attach(uint number, int namespacePid, bool native)
    {
        ICgroup? cgroup = null;
        int? hostPid = null;
        var group = _spares.NextGroup(native);
        Socket? listener = null;
        try
        {
            hostPid = _children.FindHostPid(namespacePid) ?? throw new InvalidOperationException($"No process {namespacePid} under the fork server.");
            cgroup = _cgroups.Create($"spare-{Guid.NewGuid():N}", _spareLimits, group);
            // The spare is the namespace's pid 1, with no child yet: everything it starts is born in this cgroup.
            foreach (var procs in cgroup.ProcsFiles)
                CgroupFiles.Write(procs, hostPid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            listener = _openListener(hostPid.Value);
        }
        catch (Exception e)
        {
            // Never let it run outside a cgroup of its own; the helper replaces a spare that dies. Any failure: this runs
            // on a task no one awaits, and a spare neither offered nor killed would hold its place (and a native one's
            // count of those coming) for good.
            _logger.LogWarning("Could not prepare a fork server spare (its cgroup, its network door): {Error}", e.Message);
            if (hostPid is { } pid)
                Libc.Kill(pid, Libc.SIGKILL);
            cgroup?.Dispose();
            if (native)
                _spares.NativeLost(); // Else its place would stay counted as coming for good.
            return;
        }

        var spare = new AttachedSpare(number, hostPid.Value, cgroup, group, listener, native);
        // Discarded there when it is gone already or the server is ending (the pool is closed then).
        if (!_spares.Offer(spare, out var waiting, out var warm))
            return;
        if (waiting is not null)
            Dispatch(waiting, spare);
        else if (warm)
        {
            // Warmed now that it is in its cgroup: its Node is born there, its cgroup namespace made there. A request
            // that took it before this frame went found it plain (its first message was the request; the server
            // ignores this one), which is as good; a native spare's first message is then the server's.
            if (Send(WarmFrame, number, spare is { Native: true, Warmed: null } ? CommandSpares.Message : _warmNode!.Message(spare.Warmed!.Value)))
                spare.MarkWarmSent();
        }
    }

    internal void Kill(uint number) => Send(KillFrame, number, []);

    internal void Forget(uint number) => _running.TryRemove(number, out _);

    public async ValueTask DisposeAsync()
    {
        _dead = true;
        // Closing the channel ends the helper; killing the container's launcher takes the rest.
        lock (_writeLock)
        {
            try
            {
                _control.Dispose();
            }
            catch (IOException)
            {
            }
        }
        _container.Kill();
        await _reader.ConfigureAwait(false);
    }
}
