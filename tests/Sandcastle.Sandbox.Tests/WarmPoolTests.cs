using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests;

/// <summary>A pre-started Python sandbox must behave exactly like a fresh `python3 main.py`.</summary>
public sealed class WarmPoolTests : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-pool-").FullName;
    private readonly SandboxEngine _engine;

    public WarmPoolTests() =>
        _engine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = _dataRoot, WarmPythonSandboxes = 1 }));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }

    [Fact]
    public async Task WarmAndColdRuns_GiveTheSameResults()
    {
        const string program = """
            import sys, os
            print(__name__, sys.argv, sys.path[0], os.getcwd(), os.environ.get("GREETING"), sys.stdin.read().strip())
            print("to stderr", file=sys.stderr)
            raise ValueError("boom")
            """;
        var request = ExecRequest.ForCode(SandboxLanguage.Python, program) with
        {
            Stdin = "from stdin"u8.ToArray(),
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        };
        var warm = await RunWarmAsync(request);
        await using var coldSandbox = _engine.CreateEphemeral();
        var cold = await coldSandbox.RunAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Equal(cold.Stderr, warm.Stderr);
        Assert.Equal(cold.Result.ExitCode, warm.Result.ExitCode);
        Assert.Equal("__main__ ['/run/sandcastle/main.py'] /run/sandcastle /workspace hi from stdin\n", warm.Stdout);
        Assert.DoesNotContain("launcher", warm.Stderr);
    }

    [Theory]
    [InlineData("print(", 1)]
    [InlineData("import sys\nsys.exit(7)", 7)]
    [InlineData("import os\nos._exit(3)", 3)]
    public async Task SyntaxErrors_AndExitCodes_MatchACodeRun(string program, int exitCode)
    {
        var request = ExecRequest.ForCode(SandboxLanguage.Python, program);
        var warm = await RunWarmAsync(request);
        await using var coldSandbox = _engine.CreateEphemeral();
        var cold = await coldSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(exitCode, warm.Result.ExitCode);
        Assert.Equal(cold.Stderr, warm.Stderr);
    }

    [Fact]
    public async Task Timeout_CountsFromTheRun_NotFromThePreStart()
    {
        var warm = await RunWarmAsync(ExecRequest.ForCode(SandboxLanguage.Python, "import time\ntime.sleep(0.3)\nprint('done')"),
            waitAfterPark: TimeSpan.FromSeconds(1.5), timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(ExitReason.Exited, warm.Result.Reason);
        Assert.Equal("done\n", warm.Stdout);
    }

    private async Task<CollectedExec> RunWarmAsync(ExecRequest request, TimeSpan? waitAfterPark = null, TimeSpan? timeout = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Sandbox? sandbox = null;
        for (var i = 0; i < 100; i++)
        {
            sandbox = _engine.CreateEphemeral(firstRun: SandboxLanguage.Python);
            if (sandbox.HasLiveParkedProcess)
                break;
            await sandbox.DisposeAsync();
            sandbox = null;
            await Task.Delay(50, cancellationToken);
        }
        Assert.NotNull(sandbox);
        await using (sandbox)
        {
            if (waitAfterPark is { } wait)
                await Task.Delay(wait, cancellationToken);
            if (timeout is { } t)
                sandbox.Limits = sandbox.Limits with { Timeout = t };
            var run = await sandbox.RunAsync(request, cancellationToken);
            return run;
        }
    }
}
