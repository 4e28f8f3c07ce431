using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// How many warm Node spares the engine keeps, and the first message that warms one. A group's new warm Nodes (a
/// tenant's; "" for none) follow the latest run a warm Node of that group served: after TypeScript, they load the type
/// stripper, strip a sample with it once and start Node's loader of ES modules before their run (about 13 ms of each
/// one's start, off the run's path); after JavaScript, they leave loading the stripper and the loader to the
/// TypeScript run that needs them, so JavaScript does not pay for them; after a <c>node FILE</c> command, they start
/// as a plain <c>node</c> (no snippet's flag), which only commands take; a group that also ran the other kind lately
/// keeps a Node for it (<see cref="StartFor"/>). (Warming each for the run its spare replaced was tried: replacements
/// are owed in a queue that lags behind the runs after a burst, and warm TypeScript 0.25 s apart measured 1.05x raw
/// instead of 0.5x in full bench runs.)
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

    private static readonly GroupRuns NoRuns = new(WarmNodeStart.JavaScript, WarmNodeStart.JavaScript, null, null);

    private readonly Func<long> _now = now ?? SystemClock;

    // A group that has not run a kind since the spares began counts from then: the first spares are not idle at once.
    private readonly long _began = (now ?? SystemClock)();

    // What each group last ran in warm Nodes, one record per group so that a run updates it at once.
    private readonly ConcurrentDictionary<string, GroupRuns> _runs = new(StringComparer.Ordinal);

    public int Count => count;

    /// <summary>A run a warm Node may serve has started: TypeScript the Node can strip, JavaScript, or a command.</summary>
    public void NodeRan(string? group, WarmNodeStart start) =>
        _runs.AddOrUpdate(group ?? "", static (_, run) => NoRuns.After(run.Start, run.At), static (_, runs, run) => runs.After(run.Start, run.At), (Start: start, At: _now()));

    /// <summary>Now, on the clock the idle times are measured with.</summary>
    public long Now() => _now();

    /// <summary>
    /// Whether a Node started for <paramref name="started"/> at <paramref name="warmedAt"/> has gone
    /// <see cref="IdleAfter"/> without its group running anything it serves (time counts from its start, or from the
    /// spares' own start for a group that never ran such a run).
    /// </summary>
    public bool IsIdle(string? group, WarmNodeStart started, long warmedAt) =>
        !Within(Math.Max(warmedAt, RunsOf(group).Last(started) ?? _began));

    /// <summary>
    /// Whether the group runs Node at all: it ran a snippet or a command in a warm Node within <see cref="IdleAfter"/>
    /// (every group does while the spares are new). A group that runs only other programs keeps no warm Node, which it
    /// would never take and which another group's next run would retire.
    /// </summary>
    public bool RunsNode(string? group)
    {
        var runs = RunsOf(group);
        return Within(Math.Max(runs.LastSnippet ?? _began, runs.LastCommand ?? _began));
    }

    /// <summary>
    /// What a spare of this group warmed now starts its Node for: the group's latest kind of run, unless a Node of
    /// that kind is kept already (<paramref name="kept"/>: whether one of the group's warm Nodes serves a kind) and
    /// the group has also run the other kind (a snippet, or a command) within <see cref="IdleAfter"/> with none kept
    /// for it. A tenant running snippets and commands by turns so keeps a Node for each, where following the latest
    /// alone had each run evict the other kind's Node and start its own.
    /// </summary>
    public WarmNodeStart StartFor(string? group, Func<WarmNodeStart, bool> kept)
    {
        var runs = RunsOf(group);
        if (!kept(runs.Latest))
            return runs.Latest;
        var other = runs.Latest == WarmNodeStart.Command ? runs.LatestSnippet : WarmNodeStart.Command;
        return runs.Last(other) is { } last && Within(last) && !kept(other) ? other : runs.Latest;
    }

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

    private static long SystemClock() => Environment.TickCount64;

    private GroupRuns RunsOf(string? group) => _runs.GetValueOrDefault(group ?? "", NoRuns);

    // Whether a time on the clock is within IdleAfter of now.
    private bool Within(long at) => _now() - at <= (long)IdleAfter.TotalMilliseconds;

    /// <summary>
    /// A group's latest warm run (JavaScript when it ran none), its latest snippet's kind (TypeScript or JavaScript),
    /// and when it last ran a snippet and a command.
    /// </summary>
    private sealed record GroupRuns(WarmNodeStart Latest, WarmNodeStart LatestSnippet, long? LastSnippet, long? LastCommand)
    {
        /// <summary>When the group last ran what a Node started for <paramref name="started"/> serves.</summary>
        public long? Last(WarmNodeStart started) => started == WarmNodeStart.Command ? LastCommand : LastSnippet;

        public GroupRuns After(WarmNodeStart start, long at) => start == WarmNodeStart.Command
            ? this with { Latest = start, LastCommand = at }
            : this with { Latest = start, LatestSnippet = start, LastSnippet = at };
    }
}
