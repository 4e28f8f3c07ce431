using Sandcastle.Sandbox.ForkServers;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>The pool's native spares: for commands, and warmed for Nodes (see SparePool.Native.cs).</summary>
public sealed partial class SparePoolTests
{
    [Fact]
    public void ACommand_TakesItsGroupsNativeSpare_APythonRunOrAnotherGroupsCommandNever()
    {
        var (_, pool) = CommandPool(places: 2);
        // No native spare yet: the command takes a plain one, and asks for a native replacement, owed to its group.
        Offer(pool, "a");
        var (_, replaceNative) = Dispatch(pool, "a", CommandRequest("ls"));
        Assert.True(replaceNative);
        Assert.Equal("a", pool.NextGroup(native: true));
        var native = KeepNative(pool, "a");
        var others = Offer(pool, "b");

        // A python3 command and a Python snippet run in pid 1's interpreter: they take the plain spare (the group with
        // the most), never the native one; "b"'s command takes no other group's either.
        Assert.Same(others, TakeCommand(pool, "a", "python3 -c 1"));
        Assert.Null(TakeCommand(pool, "b", "ls"));
        Assert.Same(native, TakeCommand(pool, "a", "ls -l"));
        Assert.Equal(1, pool.CommandTaken);
    }

    [Fact]
    public void NativeSpares_AreAskedFor_WhileFewerThanTheirPlacesAreKeptOrComing()
    {
        var (_, pool) = CommandPool(places: 1);
        Offer(pool, "a");
        Offer(pool, "a");
        Assert.True(Dispatch(pool, "a", CommandRequest("make")).ReplaceNative);
        // One is coming: its one place is taken.
        Assert.False(Dispatch(pool, "a", CommandRequest("make")).ReplaceNative);
        var native = KeepNative(pool, "a");
        Assert.Equal(1, pool.CommandCount);
        // Kept: still taken. Once a command takes it, its replacement is native again.
        Offer(pool, "a");
        Assert.False(Dispatch(pool, "a", CommandRequest("python3 app.py")).ReplaceNative);
        var (taken, replaceNative) = Dispatch(pool, "a", CommandRequest("make"));
        Assert.Same(native, taken);
        Assert.True(replaceNative);
    }

    [Fact]
    public void ANativeSpare_GoesOnlyToAWaitingCommand_APlainOneToTheFirstWaiting()
    {
        var (_, pool) = CommandPool(places: 2);
        var snippet = new ForkServerRequest("sandbox", null, new ForkServerSnippet("main.py", "1"), new Dictionary<string, string>(), "/workspace", null, 0, 0, null);
        Assert.Null(TakeFor(pool, "a", snippet));
        Assert.Null(TakeCommand(pool, "a", "ls"));

        // The native spare skips the snippet waiting first; a plain one goes to it.
        var native = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), "a", null, native: true);
        Assert.True(pool.Offer(native, out var command, out var warm));
        Assert.Equal(CommandRequest("ls").Direct, command!.Request.Direct);
        Assert.False(warm);
        var plain = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), "a", null);
        Assert.True(pool.Offer(plain, out var waiting, out _));
        Assert.Same(snippet, waiting!.Request);
        Assert.Equal(1, pool.CommandTaken);
    }

    [Fact]
    public void AQuietGroupsNativeSpare_GoesToAnotherGroupsCommand()
    {
        var (commands, pool) = CommandPool(places: 1);
        commands.CommandRan("quiet");
        KeepNative(pool, "quiet");
        Offer(pool, "busy");

        // Within the idle time, "busy"'s command takes its plain spare and leaves "quiet"'s place alone.
        var (busy, replaceNative) = Dispatch(pool, "busy", CommandRequest("ls"));
        Assert.NotNull(busy);
        Assert.False(replaceNative);
        Assert.Equal(1, pool.CommandCount);
        // Past it, "busy"'s next command retires the quiet group's native spare, and its own replacement is native.
        _now += (long)CommandSpares.IdleAfter.TotalMilliseconds + 1;
        Offer(pool, "busy");
        Assert.True(Dispatch(pool, "busy", CommandRequest("ls")).ReplaceNative);
        Assert.Equal(0, pool.CommandCount);
        Assert.Equal("busy", pool.NextGroup(native: true));
    }

    [Fact]
    public void MoreNativeSparesThanTheirPlaces_TheSurplusIsRetired()
    {
        var (_, pool) = CommandPool(places: 1);
        KeepNative(pool, "a");
        KeepNative(pool, "b");

        Assert.Equal(1, pool.CommandCount);
    }

    [Fact]
    public void ASnippetsWarmNode_IsReplacedByANativeOne_TakenOnlyOnceItsWarmFrameWent()
    {
        var (spares, pool) = NativeNodePool(warmPlaces: 1, nativeWarmNodes: true);
        Keep(pool, spares, "a", WarmNodeStart.JavaScript);
        var (first, replaceNative) = Dispatch(pool, "a", NodeRequest(WarmNodeStart.JavaScript));
        Assert.Equal(WarmNodeStart.JavaScript, first!.Warmed);
        Assert.True(replaceNative);
        Assert.Equal("a", pool.NextGroup(native: true));

        // A plain spare announced meanwhile leaves the warm place to the native one coming.
        var plain = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), "a", null);
        Assert.True(pool.Offer(plain, out _, out var plainWarmed));
        Assert.False(plainWarmed);
        var native = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), "a", null, native: true);
        Assert.True(pool.Offer(native, out var waiting, out var warm));
        Assert.Null(waiting);
        Assert.True(warm);
        Assert.Equal(WarmNodeStart.JavaScript, native.Warmed);
        Assert.Equal(0, pool.CommandCount);

        // Until its WARM frame went, its pid 1 has no Node: a snippet takes the plain spare instead.
        Assert.Same(plain, Take(pool, "a", WarmNodeStart.JavaScript));
        native.MarkWarmSent();
        Assert.Equal(1, pool.NativeWarmCountFor(WarmNodeStart.JavaScript));
        Assert.Same(native, Take(pool, "a", WarmNodeStart.TypeScript));
        Assert.Equal(1, pool.NativeWarmTaken);
    }

    [Fact]
    public void ANativeWarmNode_IsStartedForItsGroupsLatestKind_ACommandsToo_AndNoneWithNativeWarmNodesOff()
    {
        var (spares, pool) = NativeNodePool(warmPlaces: 1, nativeWarmNodes: true);
        Keep(pool, spares, "a", WarmNodeStart.JavaScript);
        Assert.True(Dispatch(pool, "a", NodeRequest(WarmNodeStart.JavaScript)).ReplaceNative);
        // The native spare asked for it comes once the group's latest run is a command `node FILE`: its Node is
        // started for commands, as a plain one's would be.
        spares.NodeRan("a", WarmNodeStart.Command);
        var native = KeepNative(pool, "a");
        Assert.Equal(WarmNodeStart.Command, native.Warmed);
        Assert.Equal(0, pool.CommandCount);
        native.MarkWarmSent();
        var (taken, replaceNative) = Dispatch(pool, "a", NodeRequest(WarmNodeStart.Command));
        Assert.Same(native, taken);
        Assert.True(replaceNative);
        // Its replacement is a command's Node again; a native spare no Node asked for goes to the group's commands.
        Assert.Equal(WarmNodeStart.Command, KeepNative(pool, "a").Warmed);
        Assert.Null(KeepNative(pool, "a").Warmed);
        Assert.Equal(1, pool.CommandCount);

        var (offSpares, off) = NativeNodePool(warmPlaces: 1, nativeWarmNodes: false);
        Keep(off, offSpares, "a", WarmNodeStart.Command);
        Assert.False(Dispatch(off, "a", NodeRequest(WarmNodeStart.Command)).ReplaceNative);
    }

    [Theory]
    [InlineData("ls -l", true)]
    [InlineData("echo $HOME", true)]
    [InlineData("python3 -c 1", false)]
    [InlineData("/usr/bin/python3 app.py", false)]
    [InlineData("bin/python3 app.py", false)]
    [InlineData("python app.py", true)]
    [InlineData("/usr/bin/python3.11 -c 1", true)]
    public void CommandSpares_ServeExecdCommands_NotThoseThatRunInPid1sInterpreter(string command, bool served)
    {
        var spares = new CommandSpares(1, "python3");
        Assert.Equal(served, spares.Serves(CommandRequest(command)));
        Assert.False(spares.Serves(CommandRequest(command) with { Snippet = new ForkServerSnippet("main.sh", command) }));
        Assert.False(spares.Serves(CommandRequest(command) with { Argv = null }));
    }

    private static ForkServerRequest CommandRequest(string command) =>
        new("sandbox", ["/bin/bash", "-c", command], null, new Dictionary<string, string>(), "/workspace", null, 0, 0, null) { Direct = SimpleCommand.Words(command) };

    /// <summary>A native spare announced now in this group and kept (warmed: told to make its cgroup namespace).</summary>
    private AttachedSpare KeepNative(SparePool pool, string group)
    {
        var spare = new AttachedSpare(++_lastNumber, NoProcess, new NoCgroup(), group, null, native: true);
        Assert.True(pool.Offer(spare, out var waiting, out var warm));
        Assert.Null(waiting);
        Assert.True(warm);
        return spare;
    }

    /// <summary>A new request of this group dispatched at once: its spare, and whether its replacement is native.</summary>
    private (AttachedSpare? Spare, bool ReplaceNative) Dispatch(SparePool pool, string group, ForkServerRequest request)
    {
        var tree = new ForkServerTree(null!, ++_lastNumber, request, SandboxLimits.Default) { Group = group };
        return pool.TakeForNew(tree, out var spare) ? (spare, pool.ReplaceNatively(tree)) : (null, false);
    }

    /// <summary>Native spares on the test's clock, with this many places, and a pool of them (no warm Nodes).</summary>
    private (CommandSpares Commands, SparePool Pool) CommandPool(int places)
    {
        var commands = new CommandSpares(places, "python3", () => _now);
        return (commands, new SparePool(null, commands));
    }

    /// <summary>Warm Node spares and native spares (two places for commands) on the test's clock, and a pool of them.</summary>
    private (WarmNodeSpares Spares, SparePool Pool) NativeNodePool(int warmPlaces, bool nativeWarmNodes)
    {
        var spares = new WarmNodeSpares(warmPlaces, [1], [2], [3], () => _now);
        return (spares, new SparePool(spares, new CommandSpares(2, "python3", () => _now), nativeWarmNodes));
    }

    /// <summary>The spare a command of this group gets at once, or null when it waits.</summary>
    private AttachedSpare? TakeCommand(SparePool pool, string group, string command) => TakeFor(pool, group, CommandRequest(command));
}
