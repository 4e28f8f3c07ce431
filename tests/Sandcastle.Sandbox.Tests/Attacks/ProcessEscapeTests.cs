using System.Diagnostics;
using Sandcastle.Testing;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>Ways to outlive the run or out-count the process limit: threads, subreapers, ignored signals, double forks.</summary>
public abstract class ProcessEscapeTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task Threads_CountAgainstTheProcessLimit()
    {
        if (Engine.CgroupVersion == "none")
            Assert.Fail("This machine has no pids controller; the process limit is not enforced here.");
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("""
            import threading, time
            started = 0
            try:
                for _ in range(500):
                    threading.Thread(target=time.sleep, args=(5,), daemon=True).start(); started += 1
            except RuntimeError as e:
                print("refused:", e)
            print("started", started)
            import os; os._exit(0)
            """, SandboxLimits.Default with { MaxProcesses = 16 });
        Assert.Contains("refused: can't start new thread", run.Stdout);
        var started = int.Parse(run.Stdout.Split("started ")[1].Trim());
        Assert.InRange(started, 1, 15);
    }

    [Fact]
    public async Task Subreapers_IgnoredSignals_AndDoubleForks_DoNotOutliveTheRun()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var marker = $"{Random.Shared.Next(1000, 9999)}.{Random.Shared.Next(100, 999)}";
        var clock = Stopwatch.StartNew();
        var run = await sandbox.Python($$"""
            import ctypes, os, signal, subprocess
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: keep orphans for ourselves
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    libc.prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG 0: no signal when the parent dies
                    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                        signal.signal(s, signal.SIG_IGN)
                    os.execvp("sleep", ["sleep", "{{marker}}"])
                os._exit(0)
            subprocess.Popen(["nohup", "setsid", "sleep", "{{marker}}"], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("spawned", flush=True)
            """);
        Assert.Equal("spawned\n", run.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Empty(HostProcesses.WithCommandLineContaining($"sleep {marker}"));
    }

    /// <summary>
    /// A background job that keeps the run's output open ends with the run: the answer neither waits for it nor
    /// leaves it running (forked, pid 1 kills and reaps it before telling the end).
    /// </summary>
    [Fact]
    public async Task ABackgroundJobHoldingTheOutput_EndsWithTheRun()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var marker = $"{Random.Shared.Next(1000, 9999)}.{Random.Shared.Next(100, 999)}";
        var clock = Stopwatch.StartNew();

        var run = await sandbox.Bash($"sleep {marker} & echo started; exit 3");

        Assert.Equal("started\n", run.Stdout);
        Assert.Equal(3, run.Result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the answer took {clock.Elapsed}");
        Assert.Empty(HostProcesses.WithCommandLineContaining($"sleep {marker}"));
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class ProcessEscapeTestsWhenForked(ForkingEngineFixture fixture) : ProcessEscapeTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class ProcessEscapeTestsWhenLaunched(LaunchingEngineFixture fixture) : ProcessEscapeTests(fixture), IClassFixture<LaunchingEngineFixture>;
