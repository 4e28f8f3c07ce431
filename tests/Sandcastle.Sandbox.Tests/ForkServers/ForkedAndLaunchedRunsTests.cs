using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// A Python program run in the fork server's already-started interpreter must give exactly what a fresh
/// <c>python3 main.py</c> under a launcher of its own gives: output, tracebacks, exit codes.
/// </summary>
public sealed class ForkedAndLaunchedRunsTests(ForkingEngineFixture forking) : IClassFixture<ForkingEngineFixture>, IAsyncLifetime
{
    private readonly string _launchingRoot = Directory.CreateTempSubdirectory("sandcastle-launching-").FullName;
    private SandboxEngine _launching = null!;

    public ValueTask InitializeAsync()
    {
        _launching = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = _launchingRoot, ForkServer = false }));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _launching.DisposeAsync();
        Directory.Delete(_launchingRoot, recursive: true);
    }

    [Fact]
    public async Task ForkedAndLaunchedRuns_GiveTheSameResults()
    {
        const string program = """
            import sys, os
            print(__name__, sys.argv, sys.path[0], os.getcwd(), os.environ.get("GREETING"), sys.stdin.read().strip())
            print(sorted(k for k in os.environ if not k.startswith("GREETING")))
            print("to stderr", file=sys.stderr)
            raise ValueError("boom")
            """;
        var request = ExecRequest.ForCode(SandboxLanguage.Python, program) with
        {
            Stdin = "from stdin"u8.ToArray(),
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        };
        var (forked, launched) = await RunBothAsync(request);

        Assert.Equal(launched.Stdout, forked.Stdout);
        Assert.Equal(launched.Stderr, forked.Stderr);
        Assert.Equal(launched.Result.ExitCode, forked.Result.ExitCode);
        Assert.StartsWith("__main__ ['/run/sandcastle/main.py'] /run/sandcastle /workspace hi from stdin\n", forked.Stdout);
        Assert.DoesNotContain("forkserver", forked.Stderr);
    }

    [Theory]
    [InlineData("print(", 1)]
    [InlineData("import sys\nsys.exit(7)", 7)]
    [InlineData("import sys\nsys.exit('bye')", 1)]
    [InlineData("import os\nos._exit(3)", 3)]
    [InlineData("import atexit\natexit.register(lambda: print('at exit'))\nprint('main')", 0)]
    [InlineData("import threading, time\nthreading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start()\nprint('main done')", 0)]
    [InlineData("raise KeyboardInterrupt", 1)]
    public async Task SyntaxErrors_ExitCodes_AndShutdown_MatchALaunchedRun(string program, int exitCode)
    {
        var (forked, launched) = await RunBothAsync(ExecRequest.ForCode(SandboxLanguage.Python, program));

        Assert.Equal(exitCode, forked.Result.ExitCode);
        Assert.Equal(launched.Stdout, forked.Stdout);
        Assert.Equal(launched.Stderr, forked.Stderr);
    }

    /// <summary>
    /// The program starts with every signal at its default, as from a login shell: a pipeline's writer dies quietly of
    /// SIGPIPE when its reader is done, and a file past the size limit ends the writer by SIGXFSZ. (Python and .NET
    /// ignore SIGPIPE, Python SIGXFSZ too, and a program started from either keeps an ignored signal unless it is reset.)
    /// </summary>
    [Fact]
    public async Task AnExecdProgram_StartsWithDefaultSignals_InBothModes()
    {
        var request = ExecRequest.ForCommand("""
            yes | head -n 1; echo "yes ended ${PIPESTATUS[0]}"
            { head -c 2000000 /dev/zero > /tmp/big; echo "big file $?" >&3; } 3>&1 2>/dev/null
            grep '^SigBlk' /proc/self/status
            """) with { Limits = new SandboxLimits { MaxFileSizeBytes = 1024 * 1024 } };
        var (forked, launched) = await RunBothAsync(request);

        const string expected = "y\nyes ended 141\nbig file 153\nSigBlk:\t0000000000000000\n";
        Assert.Equal(("", expected), (launched.Stderr, launched.Stdout));
        Assert.Equal(("", expected), (forked.Stderr, forked.Stdout));
    }

    private async Task<(CollectedExec Forked, CollectedExec Launched)> RunBothAsync(ExecRequest request)
    {
        await using var forkedSandbox = forking.Engine.CreateEphemeral();
        var forked = await forkedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        await using var launchedSandbox = _launching.CreateEphemeral();
        var launched = await launchedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        return (forked, launched);
    }
}
