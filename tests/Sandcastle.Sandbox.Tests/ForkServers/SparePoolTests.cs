using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.ForkServers;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// The pool's choice among warm Node spares started for different kinds of run (a JavaScript snippet, one primed for
/// TypeScript, a <c>node FILE</c> command), and of native spares (SparePoolTests.Native.cs): what each run takes, what
/// a new one is warmed or asked for, what is evicted.
/// The real fork server's runs of each kind are in ForkedAndLaunchedRunsTests, NodeCommandRunsTests, CommandSpareTests
/// and WarmNodeTests.
/// </summary>
public sealed partial class SparePoolTests
{
    // No such process: an evicted spare's kill finds nothing (a pid of 0 would signal the test's own process group).
    private const int NoProcess = int.MaxValue;

    private uint _lastNumber;

    // The warm spares' clock, in milliseconds: each test moves it.
    private long _now;

    [Fact]
    public void ARun_TakesANodeStartedForExactlyItsKind_BeforeOneThatOnlyServesIt()
    {
        var (spares, pool) = Pool(count: 3);
        var primed = Keep(pool, spares, null, WarmNodeStart.TypeScript);
        var plain = Keep(pool, spares, null, WarmNodeStart.JavaScript);
        var command = Keep(pool, spares, null, WarmNodeStart.Command);

        // The primed Node is the oldest, and serves JavaScript too: JavaScript still takes the one started for it.
        Assert.Same(plain, Take(pool, null, WarmNodeStart.JavaScript));
        Assert.Same(command, Take(pool, null, WarmNodeStart.Command));
        Assert.Same(primed, Take(pool, null, WarmNodeStart.TypeScript));
    }

    [Fact]
    public void ACommand_NeverTakesASnippetsNode_NorASnippetACommandsNode()
    {
        var (spares, pool) = Pool(count: 2);
        Keep(pool, spares, null, WarmNodeStart.JavaScript);
        Keep(pool, spares, null, WarmNodeStart.Command);

        Assert.Equal(WarmNodeStart.Command, Take(pool, null, WarmNodeStart.Command)!.Warmed);
        // The other kind's Node is left; with no plain spare the run waits for the next one.
        Assert.Null(Take(pool, null, WarmNodeStart.Command));
        Assert.Equal(WarmNodeStart.JavaScript, Take(pool, null, WarmNodeStart.TypeScript)!.Warmed);
    }

    [Fact]
    public void ANewWarmNodeIsStartedForItsGroupsLatestWarmRun()
    {
        var (spares, pool) = Pool(count: 3);
        spares.NodeRan("t", WarmNodeStart.TypeScript);
        spares.NodeRan("c", WarmNodeStart.Command);
        spares.NodeRan("j", WarmNodeStart.Command);
        spares.NodeRan("j", WarmNodeStart.JavaScript);

        Assert.Equal(WarmNodeStart.TypeScript, Keep(pool, spares, "t", null).Warmed);
        Assert.Equal(WarmNodeStart.Command, Keep(pool, spares, "c", null).Warmed);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "j", null).Warmed);
    }

    [Fact]
    public void ATenantsRunOfAnotherKind_EvictsItsOwnWarmSpareFirst_NotAnotherTenants()
    {
        var (spares, pool) = Pool(count: 3);
        Keep(pool, spares, "a", WarmNodeStart.JavaScript);
        var others = new[] { Keep(pool, spares, "b", WarmNodeStart.JavaScript), Keep(pool, spares, "b", WarmNodeStart.JavaScript) };

        // Every warm place is taken and "a" has none for a command: its own JavaScript Node goes, not "b"'s.
        Assert.Null(Take(pool, "a", WarmNodeStart.Command));
        Assert.Equal(2, pool.WarmCount);
        Assert.Same(others[0], Take(pool, "b", WarmNodeStart.JavaScript));
        Assert.Same(others[1], Take(pool, "b", WarmNodeStart.JavaScript));
    }

    [Fact]
    public void AWarmNodeOfAKindItsTenantStoppedRunning_GivesItsPlaceToTheLatestKind()
    {
        var (spares, pool) = Pool(count: 2);
        Keep(pool, spares, "a", WarmNodeStart.Command);
        Keep(pool, spares, "a", WarmNodeStart.JavaScript);

        // Commands a moment ago: a snippet takes the snippet's Node and the command's stays.
        _now += 5_000;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Assert.Equal(WarmNodeStart.JavaScript, Take(pool, "a", WarmNodeStart.JavaScript)!.Warmed);
        Assert.Equal(1, pool.WarmCount);

        // No command for longer than IdleAfter: the next snippet's run retires the command's Node.
        _now += (long)WarmNodeSpares.IdleAfter.TotalMilliseconds + 1;
        spares.NodeRan("a", WarmNodeStart.TypeScript);
        Assert.Null(Take(pool, "a", WarmNodeStart.TypeScript));
        Assert.Equal(0, pool.WarmCount);
        Assert.Equal(0, pool.WarmCountFor(WarmNodeStart.Command));
    }

    [Fact]
    public void ATenantRunningSnippetsAndCommandsByTurns_KeepsAWarmNodeForEach()
    {
        var (spares, pool) = Pool(count: 2);
        Keep(pool, spares, "a", WarmNodeStart.TypeScript);
        Keep(pool, spares, "a", WarmNodeStart.Command);

        // A snippet, then a command before the snippet's replacement comes: the command is the latest run as both
        // replacements are warmed, and the second is warmed for the snippets (primed for TypeScript, their latest).
        _now += 100;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Assert.Equal(WarmNodeStart.TypeScript, Take(pool, "a", WarmNodeStart.JavaScript)!.Warmed);
        spares.NodeRan("a", WarmNodeStart.TypeScript);
        spares.NodeRan("a", WarmNodeStart.Command);
        Assert.Equal(WarmNodeStart.Command, Take(pool, "a", WarmNodeStart.Command)!.Warmed);
        Assert.Equal(WarmNodeStart.Command, Keep(pool, spares, "a", null).Warmed);
        Assert.Equal(WarmNodeStart.TypeScript, Keep(pool, spares, "a", null).Warmed);
        Assert.Equal(WarmNodeStart.TypeScript, Take(pool, "a", WarmNodeStart.TypeScript)!.Warmed);

        // No command for longer than IdleAfter: the next snippet retires the command's Node, and both places go to
        // the snippets again.
        Keep(pool, spares, "a", null);
        _now += (long)WarmNodeSpares.IdleAfter.TotalMilliseconds + 1;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Assert.Equal(WarmNodeStart.TypeScript, Take(pool, "a", WarmNodeStart.JavaScript)!.Warmed);
        Assert.Equal(0, pool.WarmCount);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "a", null).Warmed);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "a", null).Warmed);
    }

    [Fact]
    public void ANewWarmNode_IsForTheOtherKind_OnlyWhenTheLatestHasOneAndTheOtherNone()
    {
        var (spares, pool) = Pool(count: 4);
        spares.NodeRan("a", WarmNodeStart.Command);
        spares.NodeRan("a", WarmNodeStart.JavaScript);

        // The latest kind first; then the command, run 0 ms before; with one of each kept, the latest again.
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "a", null).Warmed);
        Assert.Equal(WarmNodeStart.Command, Keep(pool, spares, "a", null).Warmed);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "a", null).Warmed);
    }

    [Fact]
    public void AWarmNode_IsNotIdle_RightAfterItStarted()
    {
        var (spares, pool) = Pool(count: 3);
        spares.NodeRan("a", WarmNodeStart.Command);
        _now = 9_900;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Keep(pool, spares, "a", null);
        Assert.Equal(WarmNodeStart.Command, Keep(pool, spares, "a", null).Warmed);

        // The last command is 10.5 s old, but its Node started 0.6 s ago: a snippet does not retire it yet.
        _now = 10_500;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Assert.Equal(WarmNodeStart.JavaScript, Take(pool, "a", WarmNodeStart.JavaScript)!.Warmed);
        Assert.Equal(1, pool.WarmCountFor(WarmNodeStart.Command));
    }

    [Fact]
    public void AQuietTenantsWarmNodes_GiveTheirPlacesToAnotherTenantsRuns_OnePerRun()
    {
        var (spares, pool) = Pool(count: 3);
        // "new" has run nothing: its Node, warmed as the spares start, counts as used until IdleAfter has passed.
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "new", null).Warmed);
        Keep(pool, spares, "quiet", WarmNodeStart.Command);
        Keep(pool, spares, "quiet", WarmNodeStart.Command);
        Assert.Null(Keep(pool, spares, "a", null).Warmed);

        // Both ran (or began) a moment ago: "a", with no warm Node, evicts one of "quiet"'s two places, nothing else.
        _now += 5_000;
        spares.NodeRan("a", WarmNodeStart.JavaScript);
        Assert.Null(Take(pool, "a", WarmNodeStart.JavaScript)!.Warmed);
        Assert.Equal(1, pool.WarmCountFor(WarmNodeStart.JavaScript));
        Assert.Equal(1, pool.WarmCountFor(WarmNodeStart.Command));
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "a", null).Warmed);

        // Neither has run anything for longer than IdleAfter: "a"'s next run retires one of their Nodes, and "a" is owed
        // its replacement as well as its own spare's.
        _now += (long)WarmNodeSpares.IdleAfter.TotalMilliseconds;
        while (pool.NextGroup(native: false) is not null)
        {
        }
        spares.NodeRan("a", WarmNodeStart.TypeScript);
        Assert.Equal(WarmNodeStart.JavaScript, Take(pool, "a", WarmNodeStart.TypeScript)!.Warmed);
        Assert.Equal(1, pool.WarmCount);
        Assert.Equal("a", pool.NextGroup(native: false));
        Assert.Equal("a", pool.NextGroup(native: false));
        Assert.Null(pool.NextGroup(native: false));
    }

    [Fact]
    public void ATenantRunningNoNode_KeepsNoWarmNode_OnceTheSparesAreNoLongerNew()
    {
        var (spares, pool) = Pool(count: 3);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "python", null).Warmed);

        // A warm place is free, but "python" has run no Node: its spare stays plain, until it runs one.
        _now += (long)WarmNodeSpares.IdleAfter.TotalMilliseconds + 1;
        Assert.Null(Keep(pool, spares, "python", null).Warmed);
        spares.NodeRan("python", WarmNodeStart.JavaScript);
        Assert.Equal(WarmNodeStart.JavaScript, Keep(pool, spares, "python", null).Warmed);
    }

    /// <summary>A spare announced now in this group and kept.</summary>
    private AttachedSpare Offer(SparePool pool, string group) => Keep(pool, null, group, null);

    /// <summary>Warm Node spares on the test's clock (<see cref="_now"/>), and a pool of them.</summary>
    private (WarmNodeSpares Spares, SparePool Pool) Pool(int count)
    {
        var spares = new WarmNodeSpares(count, [1], [2], [3], () => _now);
        return (spares, new SparePool(spares));
    }

    /// <summary>A spare announced now and kept (warm while a warm place is free), after its group's run of this kind.</summary>
    private AttachedSpare Keep(SparePool pool, WarmNodeSpares? spares, string? group, WarmNodeStart? latest)
    {
        if (latest is { } start)
            spares!.NodeRan(group, start);
        var spare = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), group, null);
        Assert.True(pool.Offer(spare, out var waiting, out _));
        Assert.Null(waiting);
        return spare;
    }

    /// <summary>The spare a new Node run of this kind gets at once, or null when it waits.</summary>
    private AttachedSpare? Take(SparePool pool, string? group, WarmNodeStart start) => TakeFor(pool, group, NodeRequest(start));

    /// <summary>A run a warm Node started for <paramref name="start"/> serves.</summary>
    private static ForkServerRequest NodeRequest(WarmNodeStart start)
    {
        var node = start switch
        {
            WarmNodeStart.Command => new WarmNodeRun("app.js", null, null) { Args = [] },
            WarmNodeStart.TypeScript => new WarmNodeRun("/tmp/.sandcastle/main.mjs", [], null) { Strip = new TypeStrip("stripper", "main.ts") },
            _ => new WarmNodeRun("/run/sandcastle/main.js", null, null),
        };
        return new ForkServerRequest("sandbox", null, null, new Dictionary<string, string>(), "/workspace", null, 0, 0, null) { Node = node };
    }

    /// <summary>The spare a new request of this group gets at once, or null when it waits.</summary>
    private AttachedSpare? TakeFor(SparePool pool, string? group, ForkServerRequest request)
    {
        var tree = new ForkServerTree(null!, ++_lastNumber, request, SandboxLimits.Default) { Group = group };
        return pool.TakeForNew(tree, out var spare) ? spare : null;
    }

    private sealed class NoCgroup : ICgroup
    {
        public IReadOnlyList<string> ProcsFiles => [];

        public IReadOnlyList<string> UlimitArguments => [];

        public IReadOnlyList<int> ReadPids() => [];

        public CgroupStats ReadStats() => new(null, null, 0);

        public void Apply(SandboxLimits limits)
        {
        }

        public void Dispose()
        {
        }
    }
}
