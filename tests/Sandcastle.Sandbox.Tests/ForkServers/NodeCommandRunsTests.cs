namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// <c>node FILE</c> commands in Nodes warmed for commands, against the same command launched (bash, then a new
/// <c>node</c>): in native spares (pid 1 sandcastle-exec-init, Native/node.c) and in plain ones (warm_node.py).
/// </summary>
public abstract class NodeCommandRunsTests(SandboxEngineFixture forking, LaunchingEngineFixture launching)
{
    /// <summary>Whether the warm Nodes are native spares' (every one, once waited for), not plain spares'.</summary>
    protected abstract bool Native { get; }

    /// <summary>
    /// A command <c>node FILE [ARG...]</c> runs in a Node warmed for commands (started as a plain <c>node</c> before
    /// its request, see warm_node.py) and must give what a Node started for it gives, as a launched run (bash, then a
    /// new <c>node</c>) shows: argv, argv0, execArgv, the main module, the environment,
    /// errors and exit codes, stdin, and no bootstrap left in /run/sandcastle. The one known difference is the bottom frame of a stack from the main module's
    /// first tick (the warm Node's main module starts from a tick, a fresh one's from its entry point); the others are
    /// in docs/architecture.md (its /proc/self/cmdline and environ, its uptime). A command the warm Node cannot serve
    /// (an option, no file, Node's debugger) starts its own Node, and gives the same again.
    /// </summary>
    [Theory]
    [InlineData("node app.js a 'b c'")]
    [InlineData("node ./sub/../app.js")]
    [InlineData("node /workspace/app")]
    [InlineData("node sub")]
    [InlineData("node link.js x")]
    [InlineData("node esm.mjs x")]
    [InlineData("node esm-syntax.js")]
    [InlineData("node throws.js")]
    [InlineData("node rejects.js")]
    [InlineData("node exits.js")]
    [InlineData("node missing.js")]
    [InlineData("node --version")]
    [InlineData("node -p 6*7")]
    public async Task ANodeCommand_RunsAsAFreshNodeRunsIt_InBothModes(string command)
    {
        const string setup = """
            mkdir -p sub
            echo 'const fs = require("fs"); console.log(JSON.stringify([process.argv, process.argv0, process.execArgv, __filename, require.main === module, module.id, module.paths[0], process.cwd(), process.title, Object.entries(process.env).sort(), fs.existsSync("/run/sandcastle/main.js"), (() => { try { return require.resolve("/run/sandcastle/main.js"); } catch (e) { return e.code; } })(), fs.readFileSync(0, "utf8")]))' > app.js
            echo 'console.log("index", __dirname, process.argv.length)' > sub/index.js
            ln -s app.js link.js
            echo 'import os from "os"; console.log(typeof os.cpus, import.meta.url, process.argv.slice(1), typeof require); await new Promise(r => setTimeout(r, 1)); process.exitCode = 4;' > esm.mjs
            echo 'import os from "os"; console.log(os)' > esm-syntax.js
            printf 'function fail() {\n  throw new TypeError("deep");\n}\nfail();\n' > throws.js
            echo 'Promise.reject(new Error("nobody caught me"));' > rejects.js
            echo 'process.on("exit", code => console.log("exiting", code)); console.error("bye"); process.exit(7);' > exits.js
            """;
        await WaitForCommandNodeAsync();
        var server = forking.Engine.TryGetForkServer()!;
        var (warmBefore, nativeBefore) = (server.WarmNodeSparesTaken, server.NativeWarmNodesTaken);
        var (forked, launched) = await RunBothAsync(ExecRequest.ForCommand(command) with { Stdin = "from stdin"u8.ToArray() }, ExecRequest.ForCommand(setup));

        // Forked, a command without an option took a warm Node (native or not, as this class says); one with an
        // option started its own.
        var warm = command.StartsWith("node -", StringComparison.Ordinal) ? 0 : 1;
        Assert.Equal((warm, Native ? warm : 0), (server.WarmNodeSparesTaken - warmBefore, server.NativeWarmNodesTaken - nativeBefore));
        Assert.Equal(launched.Stdout, forked.Stdout);
        Assert.Equal(BottomFrameOfTheFirstTick(launched.Stderr), BottomFrameOfTheFirstTick(forked.Stderr));
        Assert.Equal(launched.Result.ExitCode, forked.Result.ExitCode);
        Assert.False(string.IsNullOrEmpty(forked.Stdout + forked.Stderr), "the command said nothing");
    }

    /// <summary>Without this, the test above could pass with every node command starting its own Node.</summary>
    [Fact]
    public async Task ANodeCommand_RunsInAWarmNode_AndItsStackIsAFreshNodesButTheBottomFrame()
    {
        await using var sandbox = forking.Engine.CreateEphemeral();
        await sandbox.Bash("""printf 'function fail() {\n  throw new Error("boom");\n}\nfail();\n' > fails.js""");
        await WaitForCommandNodeAsync();
        var server = forking.Engine.TryGetForkServer()!;
        var nativeBefore = server.NativeWarmNodesTaken;
        var run = await sandbox.RunAsync(ExecRequest.ForCommand("node fails.js"), TestContext.Current.CancellationToken);
        Assert.Equal(Native ? 1 : 0, server.NativeWarmNodesTaken - nativeBefore);

        Assert.Equal(1, run.Result.ExitCode);
        var frames = run.Stderr.Split('\n').Where(line => line.StartsWith("    at ", StringComparison.Ordinal)).ToList();
        Assert.Equal("    at fail (/workspace/fails.js:2:9)", frames[0]);
        Assert.Contains(frames, frame => frame.StartsWith("    at Function.executeUserEntryPoint [as runMain] (node:", StringComparison.Ordinal));
        Assert.Equal("    at process.processTicksAndRejections (node:internal/process/task_queues:77:11)", frames[^1]);
    }

    /// <summary>
    /// A warm Node is given a command only when bash would exec that very Node. With another <c>node</c> first in
    /// PATH, pid 1 ends the warm Node it started and runs the command as a spare never warmed does.
    /// </summary>
    [Fact]
    public async Task ANodeCommand_WhoseNodeIsAnother_RunsThatOne_InBothModes()
    {
        var setup = ExecRequest.ForCommand("""mkdir -p bin && printf '#!/bin/sh\necho "not node:" "$@"\n' > bin/node && chmod +x bin/node""");
        var request = ExecRequest.ForCommand("node app.js x") with
        {
            Environment = new Dictionary<string, string> { ["PATH"] = "/workspace/bin:/usr/bin:/bin" },
        };
        await WaitForCommandNodeAsync();
        var (forked, launched) = await RunBothAsync(request, setup);

        Assert.Equal(("not node: app.js x\n", "", 0), (launched.Stdout, launched.Stderr, launched.Result.ExitCode));
        Assert.Equal((launched.Stdout, launched.Stderr, launched.Result.ExitCode), (forked.Stdout, forked.Stderr, forked.Result.ExitCode));
    }

    // The main module's first tick starts from Node's entry point in a fresh Node, from a tick in a warm one.
    private static string BottomFrameOfTheFirstTick(string stderr) => stderr
        .Replace("    at node:internal/main/run_main_module:28:49", "    at <the first tick>", StringComparison.Ordinal)
        .Replace("    at process.processTicksAndRejections (node:internal/process/task_queues:77:11)", "    at <the first tick>", StringComparison.Ordinal);

    private Task WaitForCommandNodeAsync() =>
        Native ? forking.Engine.WaitForNativeWarmNodesAsync(forCommands: true) : forking.Engine.WaitForWarmNodeAsync(forCommands: true);

    private async Task<(CollectedExec Forked, CollectedExec Launched)> RunBothAsync(ExecRequest request, ExecRequest setup)
    {
        await using var forkedSandbox = forking.Engine.CreateEphemeral();
        Assert.True((await forkedSandbox.RunAsync(setup, TestContext.Current.CancellationToken)).Result.Success);
        var forked = await forkedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        await using var launchedSandbox = launching.Engine.CreateEphemeral();
        Assert.True((await launchedSandbox.RunAsync(setup, TestContext.Current.CancellationToken)).Result.Success);
        var launched = await launchedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        return (forked, launched);
    }
}

/// <summary>Warm Nodes for commands in native spares.</summary>
public sealed class NodeCommandRunsTestsInNativeSpares(ForkingEngineFixture forking, LaunchingEngineFixture launching)
    : NodeCommandRunsTests(forking, launching), IClassFixture<ForkingEngineFixture>, IClassFixture<LaunchingEngineFixture>
{
    protected override bool Native => true;
}

/// <summary>Warm Nodes for commands in plain spares (pid 1 a fork of the fork server's Python).</summary>
public sealed class NodeCommandRunsTestsInPlainSpares(PythonWarmNodeEngineFixture forking, LaunchingEngineFixture launching)
    : NodeCommandRunsTests(forking, launching), IClassFixture<PythonWarmNodeEngineFixture>, IClassFixture<LaunchingEngineFixture>
{
    protected override bool Native => false;
}
