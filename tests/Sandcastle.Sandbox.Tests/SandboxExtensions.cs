using Sandcastle.Sandbox.ForkServers;

namespace Sandcastle.Sandbox.Tests;

internal static class SandboxExtensions
{
    public static Task<CollectedExec> Bash(this Sandbox sandbox, string command, SandboxLimits? limits = null) =>
        sandbox.RunAsync(ExecRequest.ForCommand(command) with { Limits = limits }, TestContext.Current.CancellationToken);

    public static Task<CollectedExec> Python(this Sandbox sandbox, string code, SandboxLimits? limits = null) =>
        sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, code) with { Limits = limits }, TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits (bounded) until the engine's fork server keeps a warm Node spare, so that the next JavaScript run takes
    /// one: each run takes one, and the next is kept shortly after. No fork server: returns at once.
    /// </summary>
    public static async Task WaitForWarmNodeAsync(this SandboxEngine engine)
    {
        if (engine.TryGetForkServer() is not { } server)
            return;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.WarmNodeSpareCount == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Waits (bounded) until the warm Nodes the engine's fork server keeps for snippets (or for commands) are all
    /// native (see Native/node.c), and it keeps one, so that the next such run takes a native one. A warm Node's run
    /// is replaced by a native one: while a plain one is left (from the spares' first fill), each round runs one in a
    /// sandbox of its own, which takes the oldest. No fork server: returns at once.
    /// </summary>
    public static async Task WaitForNativeWarmNodesAsync(this SandboxEngine engine, bool forCommands = false)
    {
        if (engine.TryGetForkServer() is not { } server)
            return;
        var start = forCommands ? WarmNodeStart.Command : WarmNodeStart.JavaScript;
        bool AllNative() => server.NativeWarmNodeCountFor(start) is > 0 and var native && native == server.WarmNodeSpareCountFor(start);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!AllNative() && DateTime.UtcNow < deadline)
        {
            for (var wait = 0; wait < 50 && !AllNative(); wait++)
                await Task.Delay(10, TestContext.Current.CancellationToken);
            if (AllNative())
                return;
            await using var scratch = engine.CreateEphemeral();
            await scratch.RunAsync(forCommands ? ExecRequest.ForCommand("node /dev/null") : ExecRequest.ForCode(SandboxLanguage.JavaScript, ""), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Waits (bounded) until the engine's fork server keeps a native spare (see CommandSpares), so that the next
    /// command of a sandbox of no tenant takes one. A command's replacement spare is native while their places are not
    /// all kept or coming: each round runs a command in a sandbox of its own, whose spare's replacement is made next.
    /// No fork server: returns at once.
    /// </summary>
    public static async Task WaitForCommandSpareAsync(this SandboxEngine engine)
    {
        if (engine.TryGetForkServer() is not { } server)
            return;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.CommandSpareCount == 0 && DateTime.UtcNow < deadline)
        {
            await using (var scratch = engine.CreateEphemeral())
                await scratch.RunAsync(ExecRequest.ForCommand("true"), TestContext.Current.CancellationToken);
            for (var wait = 0; wait < 50 && server.CommandSpareCount == 0; wait++)
                await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.True(server.CommandSpareCount > 0, "no native spare was kept");
    }

    /// <summary>
    /// As above, for a warm Node started for commands (<c>node FILE</c>), so that the next such command in a sandbox
    /// of no tenant takes one. New warm Nodes follow their group's latest warm run: when none is kept, a command run
    /// first (in a sandbox of its own) makes the next ones warm for commands.
    /// </summary>
    public static async Task WaitForWarmNodeAsync(this SandboxEngine engine, bool forCommands)
    {
        if (!forCommands)
        {
            await engine.WaitForWarmNodeAsync();
            return;
        }
        if (engine.TryGetForkServer() is not { } server)
            return;
        if (server.WarmNodeSpareCountFor(WarmNodeStart.Command) == 0)
        {
            await using var scratch = engine.CreateEphemeral();
            await scratch.RunAsync(ExecRequest.ForCommand("node /dev/null"), TestContext.Current.CancellationToken);
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.WarmNodeSpareCountFor(WarmNodeStart.Command) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10, TestContext.Current.CancellationToken);
    }
}
