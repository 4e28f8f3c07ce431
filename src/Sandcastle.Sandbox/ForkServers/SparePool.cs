using System.Diagnostics.CodeAnalysis;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The fork server's spares once moved into their cgroups, kept per group (a tenant's; "" for none), plain, warm
/// (a Node started, see warm_node.py) and native, for commands (see <see cref="CommandSpares"/>), and the executions
/// waiting for one. Spares follow demand: each request is owed its spare's replacement in its own group, native for a
/// command while the native places are not all kept or coming. Thread-safe: the reader (announcements, deaths) and
/// requests use it at once.
/// </summary>
/// <param name="nativeWarmNodes">Whether warm Nodes are started in native spares (with native spares at all).</param>
internal sealed partial class SparePool(WarmNodeSpares? warmNode, CommandSpares? commandSpares = null, bool nativeWarmNodes = false)
{
    private const int MaxOwed = 64;
    private readonly CommandSpares? _commandSpares = commandSpares;
    // Cleared when the fork server has no native zygote (READY's execInit false): no native spare is asked for again.
    private bool _asksNative = commandSpares is not null;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<AttachedSpare>> _plain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<AttachedSpare>> _warm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<AttachedSpare>> _commands = new(StringComparer.Ordinal);
    // Oldest first: the groups owed a replacement, and whether the helper makes it native.
    private readonly List<(string? Group, bool Native)> _owed = [];
    // Native spares asked of the helper (RUN's replaceNative) and not announced yet; of them, asked for warm Nodes.
    private int _nativeComing;
    private int _nativeNodeComing;
    private readonly Queue<ForkServerTree> _waiting = new();
    // Spares the helper may still announce or report, which are gone already.
    private readonly HashSet<uint> _gone = [];
    private readonly HashSet<uint> _evicted = [];
    private bool _closed;

    /// <summary>Warm Node spares kept now (each may still be starting its Node).</summary>
    public int WarmCount
    {
        get
        {
            lock (_lock)
                return CountWarm();
        }
    }

    /// <summary>
    /// A new request's spare, or false with the request queued until one comes. The helper replaces the spare it
    /// takes: the replacement is owed to the request's group.
    /// </summary>
    public bool TakeForNew(ForkServerTree tree, [NotNullWhen(true)] out AttachedSpare? spare)
    {
        lock (_lock)
        {
            Owe(tree.Group, native: false);
            if (tree.Request.Node is { } node)
            {
                RetireIdleWarmSpares(tree.Group, node.Start);
                RetireOtherGroupsIdleWarmSpare(tree.Group);
                EvictWarmSpareFor(tree.Group, node.Start);
            }
            else if (ServesNatively(tree))
            {
                _commandSpares!.CommandRan(tree.Group);
                RetireOtherGroupsIdleCommandSpare(tree.Group);
            }
            return TakeOrWait(tree, out spare);
        }
    }

    /// <summary>A spare again for a request whose spare died before it ran, or false with it queued.</summary>
    public bool TakeAgain(ForkServerTree tree, [NotNullWhen(true)] out AttachedSpare? spare)
    {
        lock (_lock)
            return TakeOrWait(tree, out spare);
    }

    /// <summary>A request still waiting leaves the queue; false once it has a spare.</summary>
    public bool CancelWaiting(ForkServerTree tree)
    {
        lock (_lock)
        {
            return Withdraw(_waiting, t => t == tree).Count > 0;
        }
    }

    /// <summary>
    /// The group the next announced spare is made in: the first waiting request's it can serve, else the oldest owed
    /// one of its kind (native or not), else the oldest owed.
    /// </summary>
    public string? NextGroup(bool native)
    {
        lock (_lock)
        {
            var owed = _owed.FindIndex(o => o.Native == native) is var at and >= 0 ? at : _owed.Count > 0 ? 0 : -1;
            string? group = null;
            if (owed >= 0)
            {
                group = _owed[owed].Group;
                _owed.RemoveAt(owed);
            }
            var first = native ? _waiting.FirstOrDefault(ServesNatively) : _waiting.FirstOrDefault();
            return first is not null ? first.Group : group;
        }
    }

    /// <summary>How many runs have taken a warm Node spare (for tests).</summary>
    public int WarmTaken { get; private set; }

    /// <summary>Warm Node spares kept now that serve a run needing <paramref name="start"/> (for tests).</summary>
    public int WarmCountFor(WarmNodeStart start)
    {
        lock (_lock)
            return _warm.Values.Sum(q => q.Count(s => WarmNodeSpares.Serves(s.Warmed!.Value, start)));
    }

    /// <summary>
    /// A spare now in its cgroup: it goes to the first waiting request it serves (returned), or is kept: a native one
    /// for commands, a plain one warm while fewer than the warm places are, else plain (<paramref name="warm"/>: the
    /// caller sends it its WARM frame, for what <see cref="AttachedSpare.Warmed"/> says, or a native spare's). False
    /// when it is gone already or the pool closed: it was discarded.
    /// </summary>
    public bool Offer(AttachedSpare spare, out ForkServerTree? waiting, out bool warm)
    {
        warm = false;
        lock (_lock)
        {
            var forNode = spare.Native && _nativeNodeComing > 0;
            if (spare.Native)
                NativeNoLongerComing(forNode);
            if (_closed || _gone.Remove(spare.Number))
            {
                waiting = null;
                spare.Discard();
                return false;
            }
            if (spare.Native)
                return OfferNative(spare, forNode, out waiting, out warm);
            if (_waiting.TryDequeue(out waiting))
                return true;
            // A place a native spare is coming for is left to it.
            warm = warmNode is { } node && CountWarm() + _nativeNodeComing < node.Count && node.RunsNode(spare.Group);
            if (warm)
                KeepWarm(spare, warmNode!.StartFor(spare.Group, start => KeepsWarmFor(spare.Group, start)));
            else
            {
                if (!_plain.TryGetValue(spare.Group ?? "", out var queue))
                    _plain[spare.Group ?? ""] = queue = new Queue<AttachedSpare>();
                queue.Enqueue(spare);
            }
            return true;
        }
    }

    /// <summary>Keeps a spare warm for its group, its Node started for <paramref name="start"/> (under the lock).</summary>
    private void KeepWarm(AttachedSpare spare, WarmNodeStart start)
    {
        spare.Warmed = start;
        spare.WarmedAt = warmNode!.Now();
        if (!_warm.TryGetValue(spare.Group ?? "", out var queue))
            _warm[spare.Group ?? ""] = queue = new Queue<AttachedSpare>();
        queue.Enqueue(spare);
    }

    /// <summary>A spare died before it had a request (killed from outside): dropped, or remembered as gone.</summary>
    public void Gone(uint number)
    {
        lock (_lock)
        {
            if (!_evicted.Remove(number) && !Remove(_plain, number) && !Remove(_warm, number) && !Remove(_commands, number))
                _gone.Add(number);
        }
    }

    /// <summary>No spare is taken or kept from now on; the ones kept are returned, and waiting requests forgotten.</summary>
    public List<AttachedSpare> Close()
    {
        lock (_lock)
        {
            _closed = true;
            List<AttachedSpare> spares = [.. _plain.Values.SelectMany(q => q), .. _warm.Values.SelectMany(q => q), .. _commands.Values.SelectMany(q => q)];
            _plain.Clear();
            _warm.Clear();
            _commands.Clear();
            _waiting.Clear();
            return spares;
        }
    }

    /// <summary>
    /// For a request a warm Node can serve, a warm spare of its group whose Node was started for it; for a command a
    /// native spare serves, one of its group; else a plain spare of its group, else one of the group with
    /// the most (moved at dispatch). Never another group's warm spare or command spare: each made its cgroup
    /// namespace in its group's cgroup (and a warm Node was born there).
    /// </summary>
    private bool TakeOrWait(ForkServerTree tree, [NotNullWhen(true)] out AttachedSpare? spare)
    {
        var group = tree.Group ?? "";
        if (tree.Request.Node is { } node && TakeWarm(group, node.Start, out spare))
            return true;
        if (ServesNatively(tree) && _commands.TryGetValue(group, out var commands) && commands.TryDequeue(out spare))
        {
            CommandTaken++;
            return true;
        }
        if (_plain.TryGetValue(group, out var own) && own.TryDequeue(out spare))
            return true;
        var most = _plain.Values.MaxBy(q => q.Count);
        spare = null;
        if (most is { Count: > 0 } && most.TryDequeue(out spare))
            return true;
        _waiting.Enqueue(tree);
        return false;
    }

    /// <summary>
    /// The oldest warm spare of the group started for exactly this run (a TypeScript run's primed Node is not
    /// JavaScript's to take while an unprimed one is there), else the oldest that serves it; out of its queue.
    /// </summary>
    private bool TakeWarm(string group, WarmNodeStart start, [NotNullWhen(true)] out AttachedSpare? spare)
    {
        spare = null;
        if (!_warm.TryGetValue(group, out var queue))
            return false;
        // A native one only once its WARM frame went: its first message must be its Node's order, not the request.
        var ready = queue.Where(s => !s.Native || s.WarmSent).ToList();
        spare = ready.FirstOrDefault(s => s.Warmed == start) ?? ready.FirstOrDefault(s => WarmNodeSpares.Serves(s.Warmed!.Value, start));
        if (spare is null)
            return false;
        var taken = spare;
        WarmTaken++;
        if (taken.Native)
            NativeWarmTaken++;
        Withdraw(queue, s => s == taken);
        return true;
    }

    private void Owe(string? group, bool native)
    {
        if (_owed.Count == MaxOwed)
            _owed.RemoveAt(0);
        _owed.Add((group, native));
    }

    private int CountWarm() => _warm.Values.Sum(q => q.Count);

    /// <summary>Whether the group keeps a warm spare that serves a run needing <paramref name="start"/>.</summary>
    private bool KeepsWarmFor(string? group, WarmNodeStart start) =>
        _warm.TryGetValue(group ?? "", out var own) && own.Any(s => WarmNodeSpares.Serves(s.Warmed!.Value, start));

    /// <summary>
    /// A Node request whose group has no warm spare started for it while warm spares fill every place (other groups',
    /// or its own started for another kind of run): the oldest of the group with the most is killed, and its
    /// replacement owed to this group, so warm Nodes follow demand as spares do.
    /// </summary>
    private void EvictWarmSpareFor(string? group, WarmNodeStart start)
    {
        if (warmNode is not { } node || CountWarm() < node.Count || KeepsWarmFor(group, start))
            return;
        // Its own warm spares, started for another kind of run, go first: another tenant's only when it has none.
        var most = _warm.TryGetValue(group ?? "", out var own) && own.Count > 0 ? own : _warm.Values.MaxBy(q => q.Count);
        if (most is null || !most.TryDequeue(out var evicted))
            return;
        Retire(evicted, group);
    }

    /// <summary>
    /// The group's warm spares that do not serve this run and whose kind it has not run for a while (a command's Node
    /// after a switch to snippets, or the reverse) are killed, and their replacements owed to it: warmed for its latest
    /// kind, they take the places the old kind would otherwise keep for good.
    /// </summary>
    private void RetireIdleWarmSpares(string? group, WarmNodeStart start)
    {
        if (warmNode is not { } node || !_warm.TryGetValue(group ?? "", out var own))
            return;
        foreach (var retired in Withdraw(own, s => !WarmNodeSpares.Serves(s.Warmed!.Value, start) && node.IsIdle(group, s.Warmed!.Value, s.WarmedAt)))
            Retire(retired, group);
    }

    /// <summary>
    /// While every warm place is taken, the oldest of other groups' warm spares of a kind their group has not run for a
    /// while (a tenant gone quiet) is killed, and its replacement owed to this group: a tenant that stopped running
    /// Node otherwise keeps its places for good, and one running JavaScript and TypeScript by turns would share one
    /// place between its two kinds (measured: warm TypeScript 0.25 s apart 0.96x raw node -e, instead of 0.5x). One
    /// per run, as an eviction: a burst of Node starts for places the run may not need is not made at once.
    /// </summary>
    private void RetireOtherGroupsIdleWarmSpare(string? group)
    {
        if (warmNode is not { } node || CountWarm() < node.Count)
            return;
        var idle = _warm.Where(g => g.Key != (group ?? ""))
            .SelectMany(g => g.Value.Where(s => node.IsIdle(g.Key, s.Warmed!.Value, s.WarmedAt)).Select(s => (Queue: g.Value, Spare: s)))
            .OrderBy(c => c.Spare.WarmedAt).FirstOrDefault();
        if (idle.Spare is not { } retired)
            return;
        Withdraw(idle.Queue, s => s == retired);
        Retire(retired, group);
    }

    /// <summary>A kept warm spare is killed (the helper reaps it as a spare, GONE, and forks another), its replacement owed to this group.</summary>
    private void Retire(AttachedSpare spare, string? group)
    {
        Libc.Kill(spare.HostPid, Libc.SIGKILL);
        _evicted.Add(spare.Number);
        spare.Discard();
        Owe(group, native: false);
    }

    private static bool Remove(Dictionary<string, Queue<AttachedSpare>> spares, uint number)
    {
        foreach (var queue in spares.Values)
        {
            var gone = Withdraw(queue, s => s.Number == number);
            foreach (var spare in gone)
                spare.Discard();
            if (gone.Count > 0)
                return true;
        }
        return false;
    }

    /// <summary>The items <paramref name="leaves"/> picks, taken out of the queue; the others keep their order.</summary>
    private static List<T> Withdraw<T>(Queue<T> queue, Func<T, bool> leaves)
    {
        var left = new List<T>();
        for (var remaining = queue.Count; remaining > 0; remaining--)
        {
            var item = queue.Dequeue();
            if (leaves(item))
                left.Add(item);
            else
                queue.Enqueue(item);
        }
        return left;
    }
}
