using System.Diagnostics;
using Sandcastle.Sandbox.Native;
using Sandcastle.Testing;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// Executions forked by the engine's fork server behave as those with a launcher of their own: output,
/// exit codes, stdin, environment, working directory, persistence, and what ends them.
/// </summary>
public sealed class ForkServerExecTests(ForkingEngineFixture fixture) : IClassFixture<ForkingEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    private Task<Sandbox> ForkingSandboxAsync(SandboxLimits? limits = null)
    {
        Assert.True(Engine.ForkServerReady);
        return Task.FromResult(Engine.GetOrCreate($"fork-{Guid.NewGuid():N}"[..20], limits));
    }

    [Fact]
    public async Task Python_RunsInTheForkedInterpreter_AsAFreshOneWould()
    {
        var sandbox = await ForkingSandboxAsync();
        var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, """
            import sys, os
            print(__name__, sys.argv, sys.path[0], os.getcwd(), os.environ.get("GREETING"), sys.stdin.read().strip())
            print(open("/proc/1/cmdline").read().replace("\0", " ").strip())
            print("to stderr", file=sys.stderr)
            raise ValueError("boom")
            """) with
        {
            Stdin = "from stdin"u8.ToArray(),
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        }, TestContext.Current.CancellationToken);

        var lines = run.Stdout.Split('\n');
        Assert.Equal("__main__ ['/run/sandcastle/main.py'] /run/sandcastle /workspace hi from stdin", lines[0]);
        Assert.Contains("forkserver.py", lines[1]);
        Assert.True(run.Stderr.StartsWith("to stderr\nTraceback (most recent call last):\n  File \"/run/sandcastle/main.py\", line 5, in <module>\n", StringComparison.Ordinal), run.Stderr);
        Assert.EndsWith("ValueError: boom\n", run.Stderr);
        Assert.Equal(1, run.Result.ExitCode);
        Assert.Equal(ExitReason.Exited, run.Result.Reason);
    }

    [Fact]
    public async Task ExitCodesAndSignals_AreReportedAsByALauncher()
    {
        var sandbox = await ForkingSandboxAsync();
        Assert.Equal(3, (await sandbox.Python("import sys; sys.exit(3)")).Result.ExitCode);
        Assert.Equal(0, (await sandbox.Python("import sys; sys.exit()")).Result.ExitCode);
        var killed = await sandbox.Bash("kill -9 $$");
        Assert.Equal(137, killed.Result.ExitCode);
        Assert.Equal(9, killed.Result.Signal);
        var missing = await sandbox.Bash("exec /nonexistent");
        Assert.Equal(127, missing.Result.ExitCode);
    }

    [Fact]
    public async Task WorkspacePersists_TmpDoesNot()
    {
        var sandbox = await ForkingSandboxAsync();
        var first = await sandbox.Bash("echo kept > /workspace/kept; echo gone > /tmp/gone; ls /tmp");
        Assert.Equal("gone\n", first.Stdout);
        var second = await sandbox.Bash("cat /workspace/kept; ls /tmp | wc -l");
        Assert.Equal("kept\n0\n", second.Stdout);
    }

    [Fact]
    public async Task JavaScriptTypeScriptAndBash_AreExecuted()
    {
        var sandbox = await ForkingSandboxAsync();
        var js = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(await Promise.resolve(6 * 7))"), TestContext.Current.CancellationToken);
        Assert.Equal("42\n", js.Stdout);
        var ts = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const n: number = 7; console.log(n * 6)"), TestContext.Current.CancellationToken);
        Assert.Equal("42\n", ts.Stdout);
        var bash = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Bash, "echo $((6 * 7)) from $0"), TestContext.Current.CancellationToken);
        Assert.Equal("42 from /run/sandcastle/main.sh\n", bash.Stdout);
    }

    [Fact]
    public async Task Timeout_KillsTheWholeTree_DaemonsIncluded()
    {
        var sandbox = await ForkingSandboxAsync();
        var marker = Random.Shared.Next(100_000, 999_999).ToString();
        var clock = Stopwatch.StartNew();
        var run = await sandbox.Bash($"setsid sleep {marker} & (nohup sleep {marker} &) ; echo started; sleep {marker}",
            sandbox.Limits with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(ExitReason.Timeout, run.Result.Reason);
        Assert.Equal("started\n", run.Stdout);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
        Assert.Empty(HostProcesses.WithCommandLineContaining($"sleep {marker}"));
    }

    [Fact]
    public async Task MemoryLimit_OfOneExecution_EndsItAsOutOfMemory()
    {
        var sandbox = await ForkingSandboxAsync();
        var run = await sandbox.Python("x = bytearray(1024 * 1024 * 1024)\nprint('allocated')", sandbox.Limits with { MemoryBytes = 64L * 1024 * 1024 });

        Assert.Equal(ExitReason.OutOfMemory, run.Result.Reason);
        Assert.Equal(137, run.Result.ExitCode);
        Assert.DoesNotContain("allocated", run.Stdout);
        Assert.True(Engine.ForkServerReady);
        Assert.Equal("still here\n", (await sandbox.Python("print('still here')")).Stdout);
    }

    [Fact]
    public async Task LimitsOtherThanTheDefaults_AreAppliedToTheExecutionsCgroup()
    {
        var sandbox = await ForkingSandboxAsync();
        const string program = "x = bytearray(600 * 1024 * 1024)\nprint('allocated')";

        var raised = await sandbox.Python(program, sandbox.Limits with { MemoryBytes = 1024L * 1024 * 1024 });
        var defaults = await sandbox.Python(program);
        var fewProcesses = await sandbox.Bash("for i in 1 2 3 4 5 6; do sleep 1 & done; wait", sandbox.Limits with { MaxProcesses = 4 });

        Assert.Equal("allocated\n", raised.Stdout);
        Assert.Equal(ExitReason.OutOfMemory, defaults.Result.Reason);
        Assert.Contains("fork", fewProcesses.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConcurrentExecutions_DoNotSeeEachOther()
    {
        var sandbox = await ForkingSandboxAsync();
        var marker = Random.Shared.Next(100_000, 999_999).ToString();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            sandbox.Bash($"echo {i} > /tmp/mine; sleep 0.3; ls /tmp; ps -e -o comm= | sort | tr '\\n' ' '")));

        foreach (var run in runs)
        {
            Assert.Equal(0, run.Result.ExitCode);
            Assert.StartsWith("mine\n", run.Stdout);
            // Only its own pid 1, its shell and what it started.
            Assert.DoesNotContain("sleep", run.Stdout.Split('\n')[1]);
        }
        Assert.NotNull(marker);
    }

    [Fact]
    public async Task ABurstOfExecutions_AllCompleteWithTheirOwnOutput()
    {
        var sandbox = await ForkingSandboxAsync();
        var runs = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => sandbox.Bash($"echo {i}; echo err{i} >&2; exit {i % 7}")));

        for (var i = 0; i < runs.Length; i++)
        {
            Assert.Equal($"{i}\n", runs[i].Stdout);
            Assert.Equal($"err{i}\n", runs[i].Stderr);
            Assert.Equal(i % 7, runs[i].Result.ExitCode);
        }
        Assert.True(Engine.ForkServerReady);
    }

    [Fact]
    public async Task AnExecutionKilledWhileWaitingForASpare_EndsAtOnce_AndTheOthersRun()
    {
        var sandbox = await ForkingSandboxAsync();
        // More at once than there are spares: the last ones wait for spares forked after the first ones.
        var processes = Enumerable.Range(0, 12).Select(_ => sandbox.Start(ExecRequest.ForCommand("sleep 0.3; echo ran"))).ToList();
        var last = processes[^1];
        last.Kill();

        var killed = await last.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var others = await Task.WhenAll(processes.Take(11).Select(p => p.Completion)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ExitReason.Cancelled, killed.Reason);
        Assert.Equal(137, killed.ExitCode);
        Assert.All(others, r => Assert.Equal(0, r.ExitCode));
        foreach (var process in processes)
            await process.DisposeAsync();
    }

    [Fact]
    public async Task SparesKilledFromOutside_AreReplaced()
    {
        var sandbox = await ForkingSandboxAsync();
        Assert.Equal("before\n", (await sandbox.Bash("echo before")).Stdout);

        var spares = SparePids();
        Assert.NotEmpty(spares);
        foreach (var pid in spares)
            Libc.Kill(pid, Libc.SIGKILL);
        // A request handed to a spare in the instant it is being killed dies with it, as any killed process does;
        // once the server has seen the deaths (reaped them: an exiting task already shows in the root cgroup on
        // cgroup v1, so leaving the spare cgroups says nothing), it has forked new spares.
        var clock = Stopwatch.StartNew();
        while ((spares.Any(pid => Directory.Exists($"/proc/{pid}")) || SparePids().Count == 0) && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20, TestContext.Current.CancellationToken);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => sandbox.Bash($"echo after {i}")));
        Assert.All(runs, r => Assert.StartsWith("after ", r.Stdout));
        Assert.True(Engine.ForkServerReady);
    }

    /// <summary>
    /// The helper forks spares only as the engine asks for them (a run, a spare's death). Spares it could not fork
    /// (here: its cgroup out of processes) are asked for again on their own once forks work again, or a request
    /// waiting for a spare would wait for ever: nothing else would ask.
    /// </summary>
    [Fact]
    public async Task SparesThatCouldNotBeForked_AreForkedOnceForksWorkAgain()
    {
        var sandbox = await ForkingSandboxAsync();
        Assert.Equal("before\n", (await sandbox.Bash("echo before")).Stdout);
        // The spares replacing the one that ran are in: the count holds still.
        var clock = Stopwatch.StartNew();
        for (var count = -1; SparePids().Count is var now && now != count && clock.Elapsed < TimeSpan.FromSeconds(10); count = now)
            await Task.Delay(300, TestContext.Current.CancellationToken);

        var pidsMax = PidsFile("pids.max");
        var saved = File.ReadAllText(pidsMax).Trim();
        Task<CollectedExec> waiting;
        try
        {
            File.WriteAllText(pidsMax, File.ReadAllText(PidsFile("pids.current")).Trim());
            var spares = SparePids();
            foreach (var pid in spares)
                Libc.Kill(pid, Libc.SIGKILL);
            clock.Restart();
            while (spares.Any(pid => Directory.Exists($"/proc/{pid}")) && clock.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(20, TestContext.Current.CancellationToken);
            waiting = sandbox.Bash("echo after");
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.False(waiting.IsCompleted, "a spare was forked although the fork server's cgroup was out of processes");
        }
        finally
        {
            File.WriteAllText(pidsMax, saved);
        }
        var run = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("after\n", run.Stdout);
        Assert.True(Engine.ForkServerReady);
    }

    /// <summary>A file of the pids cgroup the fork server's helper runs in (v1 or v2).</summary>
    private string PidsFile(string name)
    {
        var lines = File.ReadAllLines($"/proc/{ForkServerPid()}/cgroup");
        var path = lines.Select(line => line.Split(':', 3)).First(parts => parts[1].Split(',').Contains("pids") || parts[1].Length == 0)[2];
        var root = Directory.Exists("/sys/fs/cgroup/pids") ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup";
        return $"{root}{path}/{name}";
    }

    private int ForkServerPid() => Descendants(Engine.ForkServerProcessId!.Value)
        .First(pid => ProcessTable.Arguments(pid) is [_, var program, ..] && program.EndsWith("/forkserver.py", StringComparison.Ordinal));

    /// <summary>
    /// This engine's spares: children of its fork server in a spare's cgroup, each the pid 1 of its own namespace.
    /// Nothing else runs in this class's engine when it is called, so none of them is an execution's.
    /// </summary>
    private List<int> SparePids()
    {
        var server = ForkServerPid();
        return [.. ProcessTable.Children(server)
            .Where(pid => ProcessTable.ReadOrEmpty($"/proc/{pid}/cgroup").Contains("/spare-", StringComparison.Ordinal))
            .Where(pid => ProcessTable.StatusField(pid, "NSpid")?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [.., "1"])];
    }

    private static IEnumerable<int> Descendants(int pid) => ProcessTable.Children(pid).SelectMany(child => Descendants(child).Prepend(child));

    [Fact]
    public async Task CpuTimeAndPeakMemory_AreReported()
    {
        var sandbox = await ForkingSandboxAsync();
        var run = await sandbox.Python("x = bytearray(64 * 1024 * 1024)\nsum(range(3_000_000))");

        Assert.Equal(0, run.Result.ExitCode);
        Assert.True(run.Result.PeakMemoryBytes >= 64L * 1024 * 1024, $"peak {run.Result.PeakMemoryBytes}");
        Assert.True(run.Result.CpuTime > TimeSpan.Zero);
    }
}
