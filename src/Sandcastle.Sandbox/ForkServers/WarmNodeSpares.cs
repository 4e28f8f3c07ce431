using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// How many warm Node spares the engine keeps, and the first message that warms one. A group's new warm Nodes (a
/// tenant's; "" for none) follow the latest run a warm Node of that group served: after TypeScript, they load the type
/// stripper and start Node's loader of ES modules before their run (about 10 ms of each one's start, off the run's
/// path); after JavaScript, they leave both to the TypeScript run that needs them, so JavaScript does not pay for
/// them; after a <c>node FILE</c> command, they start as a plain <c>node</c> (no snippet's flag), which only commands
/// take; a group that also ran the other kind lately keeps a Node for it (<see cref="StartFor"/>). (Warming each for
/// the run its spare replaced was tried: replacements are owed in a queue that lags behind
/// the runs after a burst, and warm TypeScript 0.25 s apart measured 1.05x raw instead of 0.5x in full bench runs.)
/// Per group, because a run can tell what its Node was started for (the modules Node has loaded, its options): what
/// it learns is its own tenant's latest run, never another's. A warm Node of a kind its group has not run for
/// <see cref="IdleAfter"/> gives its place to the group's latest kind, or to another group's next run while every place
/// is taken (<see cref="IsIdle"/>, see SparePool); a group that has run no Node for as long gets none
/// (<see cref="RunsNode"/>).
/// </summary>
/// <param name="now">Milliseconds of a monotonic clock (a test's own).</param>
internal sealed class WarmNodeSpares(int count, byte[] message, byte[] typeScriptMessage, byte[] commandMessage, Func<long>? now = null)
{
    /// <summary>
    /// How long a group may go without a run a warm Node of one kind serves before such a Node of its is retired: long
    /// enough for an agent's turns between snippets and commands, short against a session.
    /// </summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    private readonly Func<long> _now = now ?? (() => Environment.TickCount64);

    // A group that has not run a kind since the spares began counts from then: the first spares are not idle at once.
    private readonly long _began = (now ?? (() => Environment.TickCount64))();

    // Each group's latest warm run, when it was not JavaScript (the default).
    private readonly ConcurrentDictionary<string, WarmNodeStart> _latest = new(StringComparer.Ordinal);

    // The groups whose latest snippet was TypeScript.
    private readonly ConcurrentDictionary<string, bool> _latestSnippetTypeScript = new(StringComparer.Ordinal);

    // When each group last ran a snippet (false) and a command (true) in a warm Node.
    private readonly ConcurrentDictionary<(string Group, bool Command), long> _lastRun = new();

    public int Count => count;

    /// <summary>A run a warm Node may serve has started: TypeScript the Node can strip, JavaScript, or a command.</summary>
    public void NodeRan(string? group, WarmNodeStart start)
    {
        if (start == WarmNodeStart.JavaScript)
            _latest.TryRemove(group ?? "", out _);
        else
            _latest[group ?? ""] = start;
        if (start == WarmNodeStart.TypeScript)
            _latestSnippetTypeScript[group ?? ""] = true;
        else if (start == WarmNodeStart.JavaScript)
            _latestSnippetTypeScript.TryRemove(group ?? "", out _);
        _lastRun[(group ?? "", start == WarmNodeStart.Command)] = _now();
    }

    /// <summary>Now, on the clock the idle times are measured with.</summary>
    public long Now() => _now();

    /// <summary>
    /// Whether a Node started for <paramref name="started"/> at <paramref name="warmedAt"/> has gone
    /// <see cref="IdleAfter"/> without its group running anything it serves (time counts from its start, or from the
    /// spares' own start for a group that never ran such a run).
    /// </summary>
    public bool IsIdle(string? group, WarmNodeStart started, long warmedAt) =>
        _now() - Math.Max(warmedAt, _lastRun.GetValueOrDefault((group ?? "", started == WarmNodeStart.Command), _began)) > (long)IdleAfter.TotalMilliseconds;

    /// <summary>
    /// Whether the group runs Node at all: it ran a snippet or a command in a warm Node within <see cref="IdleAfter"/>
    /// (every group does while the spares are new). A group that runs only other programs keeps no warm Node, which it
    /// would never take and which another group's next run would retire.
    /// </summary>
    public bool RunsNode(string? group) => !IsIdle(group, WarmNodeStart.JavaScript, 0) || !IsIdle(group, WarmNodeStart.Command, 0);

    /// <summary>
    /// What a spare of this group warmed now starts its Node for: the group's latest kind of run, unless a Node of
    /// that kind is kept already (<paramref name="kept"/>: whether one of the group's warm Nodes serves a kind) and
    /// the group has also run the other kind (a snippet, or a command) within <see cref="IdleAfter"/> with none kept
    /// for it. A tenant running snippets and commands by turns so keeps a Node for each, where following the latest
    /// alone had each run evict the other kind's Node and start its own.
    /// </summary>
    public WarmNodeStart StartFor(string? group, Func<WarmNodeStart, bool> kept)
    {
        var latest = _latest.GetValueOrDefault(group ?? "", WarmNodeStart.JavaScript);
        if (!kept(latest))
            return latest;
        var other = latest == WarmNodeStart.Command
            ? _latestSnippetTypeScript.ContainsKey(group ?? "") ? WarmNodeStart.TypeScript : WarmNodeStart.JavaScript
            : WarmNodeStart.Command;
        return RanRecently(group, other) && !kept(other) ? other : latest;
    }

    // Whether the group has run what a Node started for this serves within IdleAfter; a group that never ran it has not.
    private bool RanRecently(string? group, WarmNodeStart started) =>
        _lastRun.TryGetValue((group ?? "", started == WarmNodeStart.Command), out var last) && _now() - last <= (long)IdleAfter.TotalMilliseconds;

    /// <summary>The WARM frame's message for a Node started for this.</summary>
    public byte[] Message(WarmNodeStart start) => start switch
    {
        WarmNodeStart.TypeScript => typeScriptMessage,
        WarmNodeStart.Command => commandMessage,
        _ => message,
    };

    /// <summary>Whether a Node started for <paramref name="started"/> serves a run that needs <paramref name="needed"/>.</summary>
    public static bool Serves(WarmNodeStart started, WarmNodeStart needed) =>
        (started == WarmNodeStart.Command) == (needed == WarmNodeStart.Command);
}
