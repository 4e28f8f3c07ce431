using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// One tenant spreading its work over several sandboxes, each within its own limits, meets its tenant's aggregate
/// limits (memory, processes, CPU of all its executions together), while another tenant's work still runs at once.
/// </summary>
public abstract class TenantAggregateTests(TenantEngineFixture fixture)
{
    private const long MiB = 1024 * 1024;
    private SandboxEngine Engine => fixture.Engine;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MemoryHogsInFourSandboxes_MeetTheTenantsMemory_AndAnotherTenantStillRuns()
    {
        var hog = Tenant("hog");
        // 120 MiB each, within the execution's 160 MiB; four of them are twice the tenant's 256 MiB.
        var hogs = Enumerable.Range(0, 4).Select(_ => Sandbox(hog).Start(ExecRequest.ForCode(SandboxLanguage.Python, """
            import time
            blocks = [b"x" * (10 << 20) for _ in range(12)]
            print("held", flush=True)
            time.sleep(60)
            """))).ToList();
        try
        {
            var held = await Task.WhenAll(hogs.Select(p => FirstOutputOrEndAsync(p, "held")));
            var holding = hogs.Where((p, i) => held[i] && !p.HasExited).ToList();
            // The kernel keeps the tenant within 256 MiB: at most two hold 120 MiB at once, the others were killed.
            Assert.InRange(holding.Count, 0, 2);
            var ended = await Task.WhenAll(hogs.Except(holding).Select(p => p.Completion));
            Assert.Contains(ended, r => r.Reason == ExitReason.OutOfMemory);

            var victim = Sandbox(Tenant("victim"));
            var clock = Stopwatch.StartNew();
            var echo = await victim.Bash("echo 1");
            Assert.Equal("1\n", echo.Stdout);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"echo took {clock.Elapsed}");
            // Its own 120 MiB fits: the limit is the hog tenant's, not the machine's.
            var allocation = await victim.Python("""blocks = [b"x" * (10 << 20) for _ in range(12)]; print("ok")""");
            Assert.True(allocation.Stdout == "ok\n", $"{allocation.Result} {allocation.Stderr}");
        }
        finally
        {
            await KillAsync(hogs);
        }
    }

    [Fact]
    public async Task ForkBombsInThreeSandboxes_MeetTheTenantsProcessCount_AndAnotherTenantStillRuns()
    {
        var bomb = Tenant("bomb");
        // 60 processes each, within the execution's 64; three of them pass the tenant's 160.
        var bombs = Enumerable.Range(0, 3).Select(_ => Sandbox(bomb).Start(ExecRequest.ForCode(SandboxLanguage.Python, """
            import os, time
            forked = 0
            try:
                for _ in range(60):
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    forked += 1
            except OSError:
                pass
            print("forked", forked, flush=True)
            time.sleep(60)
            """))).ToList();
        try
        {
            var counts = await Task.WhenAll(bombs.Select(ForkedCountAsync));
            Assert.InRange(counts.Sum(), 1, fixture.TenantLimits.MaxProcesses);
            Assert.Contains(counts, c => c < 60);

            var clock = Stopwatch.StartNew();
            var echo = await Sandbox(Tenant("victim")).Bash("echo 1");
            Assert.Equal("1\n", echo.Stdout);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"echo took {clock.Elapsed}");
        }
        finally
        {
            await KillAsync(bombs);
        }
    }

    [Fact]
    public async Task BusyLoopsInTwoSandboxes_ShareTheTenantsCpu()
    {
        var spinner = Tenant("spin");
        const double seconds = 3;
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Sandbox(spinner).Python($"""
            import time
            end = time.time() + {seconds}
            while time.time() < end:
                pass
            """)));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = runs.Sum(r => r.Result.CpuTime!.Value.TotalSeconds);
        // One core each by their own limits; half a core for the tenant: what they got together is bounded by it.
        Assert.All(runs, r => Assert.Equal(ExitReason.Exited, r.Result.Reason));
        Assert.True(cpu <= fixture.TenantLimits.CpuCores * wall * 1.25 + 0.3, $"{cpu:F2} s of CPU in {wall:F2} s");
    }

    private string Tenant(string name) => $"{name}-{Guid.NewGuid():N}"[..16];

    private Sandbox Sandbox(string tenant)
    {
        var sandbox = Engine.CreateEphemeral(Limits);
        sandbox.Tenant = tenant;
        fixture.Created.Add(sandbox);
        return sandbox;
    }

    private static readonly SandboxLimits Limits = SandboxLimits.Default with
    {
        MemoryBytes = 160 * MiB,
        MaxProcesses = 64,
        Timeout = TimeSpan.FromSeconds(90),
        WorkspaceQuotaBytes = 0,
    };

    /// <summary>Whether the process printed <paramref name="text"/> before it ended (bounded).</summary>
    private static async Task<bool> FirstOutputOrEndAsync(SandboxProcess process, string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = "";
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output && (seen += output.Text).Contains(text))
                return true;
            if (item is ExecCompleted)
                return false;
        }
        return false;
    }

    private static async Task<int> ForkedCountAsync(SandboxProcess process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = "";
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output && (seen += output.Text).Contains('\n'))
                return int.Parse(seen.Split('\n')[0].Split(' ')[1]);
            if (item is ExecCompleted completed)
                Assert.Fail($"ended before it counted: {seen} {completed.Result}");
        }
        return 0;
    }

    private static async Task KillAsync(IEnumerable<SandboxProcess> processes)
    {
        foreach (var process in processes)
            process.Kill();
        await Task.WhenAll(processes.Select(p => p.Completion)).WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>An engine whose tenants get 256 MiB, 160 processes and half a core together.</summary>
public abstract class TenantEngineFixture : IAsyncLifetime
{
    protected TenantEngineFixture(bool forkServer)
    {
        DataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-").FullName;
        Engine = new SandboxEngine(Options.Create(new SandboxOptions
        {
            DataRoot = DataRoot,
            ForkServer = forkServer,
            Tenants = TenantLimits,
        }));
    }

    public TenantLimits TenantLimits { get; } = new() { MemoryBytes = 256L * 1024 * 1024, MaxProcesses = 160, CpuCores = 0.5 };

    public string DataRoot { get; }

    public SandboxEngine Engine { get; }

    public System.Collections.Concurrent.ConcurrentBag<Sandbox> Created { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await Engine.WarmUpAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sandbox in Created)
            await sandbox.DisposeAsync();
        await Engine.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ForkingTenantEngineFixture() : TenantEngineFixture(forkServer: true);

public sealed class LaunchingTenantEngineFixture() : TenantEngineFixture(forkServer: false);

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class TenantAggregateTestsWhenForked(ForkingTenantEngineFixture fixture) : TenantAggregateTests(fixture), IClassFixture<ForkingTenantEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class TenantAggregateTestsWhenLaunched(LaunchingTenantEngineFixture fixture) : TenantAggregateTests(fixture), IClassFixture<LaunchingTenantEngineFixture>;
