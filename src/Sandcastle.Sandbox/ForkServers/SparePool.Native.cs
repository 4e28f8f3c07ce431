namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The pool's native spares (see <see cref="CommandSpares"/>): which are asked for, where each goes. They serve
/// commands, and (with native warm Nodes on) warm Nodes: a native spare warmed for a snippet or a <c>node FILE</c>
/// command starts its Node from sandcastle-exec-init (Native/node.c) rather than from a fork of the fork server's Python.
/// </summary>
internal sealed partial class SparePool
{
    /// <summary>
    /// Whether the spare a request now has is to be replaced by a native one: a command native spares serve, while
    /// fewer than their places are kept or coming; or a run a warm Node serves, while fewer warm Nodes are kept than
    /// their places with those coming (native warm Nodes on). The request's own group is owed it (its owed
    /// replacement, the latest not yet native). Asked once per RUN sent: the helper makes one native spare for each
    /// RUN that says so.
    /// </summary>
    public bool ReplaceNatively(ForkServerTree tree)
    {
        lock (_lock)
        {
            if (!_asksNative)
                return false;
            if (ServesNatively(tree))
            {
                if (CountCommands() + _nativeComing - _nativeNodeComing >= _commandSpares!.Count)
                    return false;
            }
            else if (WarmsNatively(tree) && CountWarm() + _nativeNodeComing < warmNode!.Count)
                _nativeNodeComing++;
            else
                return false;
            _nativeComing++;
            var owed = _owed.FindLastIndex(o => o.Group == tree.Group && !o.Native);
            if (owed >= 0)
                _owed[owed] = (tree.Group, true);
            return true;
        }
    }

    /// <summary>Whether this run's replacement may be a native warm Node: a run a warm Node serves, native warm Nodes on.</summary>
    private bool WarmsNatively(ForkServerTree tree) =>
        nativeWarmNodes && _asksNative && _commandSpares is not null && warmNode is not null && tree.Request.Node is not null;

    /// <summary>How many runs have taken a native warm Node (for tests).</summary>
    public int NativeWarmTaken { get; private set; }

    /// <summary>Native warm Nodes kept now, their WARM frame sent, that serve a run needing <paramref name="start"/> (for tests).</summary>
    public int NativeWarmCountFor(WarmNodeStart start)
    {
        lock (_lock)
            return _warm.Values.Sum(q => q.Count(s => s.Native && s.WarmSent && WarmNodeSpares.Serves(s.Warmed!.Value, start)));
    }

    /// <summary>
    /// No native spare is asked for from now on (the fork server cannot exec their pid 1, or its native zygote ended):
    /// none asked for is coming, so plain spares take the warm places again. Those kept still serve their runs (a
    /// command, a warm Node), and an idle group's still give their places to another group's plain replacements.
    /// </summary>
    public void StopAskingForNativeSpares()
    {
        lock (_lock)
        {
            _asksNative = false;
            _nativeComing = 0;
            _nativeNodeComing = 0;
        }
    }

    /// <summary>Whether native spares are still asked for (for tests).</summary>
    public bool AsksForNativeSpares
    {
        get
        {
            lock (_lock)
                return _asksNative;
        }
    }

    /// <summary>How many runs have taken a native spare (for tests).</summary>
    public int CommandTaken { get; private set; }

    /// <summary>Native spares kept now (for tests).</summary>
    public int CommandCount
    {
        get
        {
            lock (_lock)
                return CountCommands();
        }
    }

    /// <summary>
    /// A native spare goes to the first waiting command it serves; else, asked for a warm Node
    /// (<paramref name="forNode"/>), it is kept warm for its group's latest kind of Node run while a warm place is free
    /// and its group runs Node; else it is kept for its group's commands (warmed: it makes its cgroup namespace, in its group's
    /// cgroup); while more are kept than their places (a place freed by a retired spare meanwhile), the oldest of the
    /// group with the most is retired, its plain replacement owed to that group. No request waits for a native spare:
    /// one that is not a command takes a plain spare.
    /// </summary>
    private bool OfferNative(AttachedSpare spare, bool forNode, out ForkServerTree? waiting, out bool warm)
    {
        warm = false;
        if (_waiting.FirstOrDefault(ServesNatively) is { } first)
        {
            Withdraw(_waiting, t => t == first);
            waiting = first;
            CommandTaken++;
            return true;
        }
        waiting = null;
        if (forNode && warmNode is { } node && CountWarm() < node.Count && node.RunsNode(spare.Group))
        {
            KeepWarm(spare, node.StartFor(spare.Group, start => KeepsWarmFor(spare.Group, start)));
            warm = true;
            return true;
        }
        if (_commandSpares is not { } commands)
        {
            Retire(spare, spare.Group);
            return false;
        }
        warm = true;
        if (!_commands.TryGetValue(spare.Group ?? "", out var queue))
            _commands[spare.Group ?? ""] = queue = new Queue<AttachedSpare>();
        queue.Enqueue(spare);
        while (CountCommands() > commands.Count && _commands.MaxBy(g => g.Value.Count) is { Value: var most, Key: var group } && most.TryDequeue(out var retired))
            Retire(retired, group.Length == 0 ? null : group);
        return true;
    }

    private bool ServesNatively(ForkServerTree tree) => _commandSpares is { } commands && commands.Serves(tree.Request);

    /// <summary>A native spare that could not be attached (killed instead): it is no longer coming.</summary>
    public void NativeLost()
    {
        lock (_lock)
            NativeNoLongerComing(forNode: false);
    }

    /// <summary>
    /// One native spare asked for has come, or never will (under the lock); <paramref name="forNode"/>: it is counted
    /// as one asked for a warm Node. The helper makes them in order without telling which is which: the first to come
    /// while some were asked for Nodes counts as one of those.
    /// </summary>
    private void NativeNoLongerComing(bool forNode)
    {
        _nativeComing = Math.Max(0, _nativeComing - 1);
        if (forNode)
            _nativeNodeComing--;
        _nativeNodeComing = Math.Clamp(_nativeNodeComing, 0, _nativeComing);
    }

    private int CountCommands() => _commands.Values.Sum(q => q.Count);

    /// <summary>
    /// A command whose group keeps no native spare while their places are all taken: the oldest of a group that has
    /// run no command for a while is killed, and its (plain) replacement owed to this group, whose commands' own
    /// replacements may then be native, so a tenant gone quiet does not keep the places for good. One per run, as warm
    /// Nodes' are.
    /// </summary>
    private void RetireOtherGroupsIdleCommandSpare(string? group)
    {
        if (_commandSpares is not { } commands || CountCommands() < commands.Count
            || (_commands.TryGetValue(group ?? "", out var own) && own.Count > 0))
            return;
        var idle = _commands.Where(g => g.Key != (group ?? "") && g.Value.Count > 0 && commands.IsIdle(g.Key)).Select(g => g.Value).FirstOrDefault();
        if (idle is null || !idle.TryDequeue(out var retired))
            return;
        Retire(retired, group);
    }
}
