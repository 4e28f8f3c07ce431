using System.Diagnostics;
using Sandcastle.Testing;

namespace Sandcastle.Sandbox.Tests;

/// <summary>Resource attacks: each is contained, killed and reported, and leaves nothing behind.</summary>
public abstract class LimitTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task InfiniteLoop_TimesOut()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var clock = Stopwatch.StartNew();
        var run = await sandbox.Python("while True: pass", SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(ExitReason.Timeout, run.Result.Reason);
        Assert.Equal(137, run.Result.ExitCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
        Assert.Equal("timed out after 1 s", run.Result.Describe(SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public async Task MemoryHog_IsKilled_AndReportedOutOfMemory()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("x = bytearray(1024 * 1024 * 1024)\nprint('allocated')", SandboxLimits.Default with { MemoryBytes = 64L * 1024 * 1024 });
        Assert.Equal(ExitReason.OutOfMemory, run.Result.Reason);
        Assert.Equal(137, run.Result.ExitCode);
        Assert.DoesNotContain("allocated", run.Stdout);
        Assert.NotNull(run.Result.PeakMemoryBytes);
    }

    [Fact]
    public async Task ForkBomb_IsContainedByThePidsLimit_ThenKilled()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var marker = $"bomb{Random.Shared.Next(100000, 999999)}";
        var limits = SandboxLimits.Default with { MaxProcesses = 32, Timeout = TimeSpan.FromSeconds(2) };
        var run = await sandbox.Bash($"{marker}() {{ {marker} | {marker} & }}; {marker}; sleep 30", limits);
        Assert.Equal(ExitReason.Timeout, run.Result.Reason);
        Assert.Contains("fork", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(HostProcesses.WithCommandLineContaining(marker));
    }

    [Fact]
    public async Task Daemons_AndSetsidChildren_DieWithTheMainProcess()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var marker = $"{Random.Shared.Next(1000, 9999)}.{Random.Shared.Next(100, 999)}";
        var run = await sandbox.Bash($"setsid sleep {marker} & nohup sleep {marker} >/dev/null 2>&1 & (setsid bash -c 'sleep {marker}' &); disown -a; echo started");
        Assert.Equal("started\n", run.Stdout);
        Assert.Empty(HostProcesses.WithCommandLineContaining($"sleep {marker}"));
    }

    [Fact]
    public async Task Kill_RemovesTheWholeTree_Quickly_AndLeavesNoCgroup()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var marker = $"{Random.Shared.Next(1000, 9999)}.{Random.Shared.Next(100, 999)}";
        var process = sandbox.Start(ExecRequest.ForCommand($"for i in 1 2 3 4 5; do setsid sleep {marker} & done; echo up; sleep {marker}"));
        await foreach (var item in process.ReadEventsAsync(TestContext.Current.CancellationToken))
        {
            if (item is ExecOutput { Text: var text } && text.Contains("up"))
                break;
        }
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.True(HostProcesses.WithCommandLineContaining($"sleep {marker}").Count >= 6);
        var clock = Stopwatch.StartNew();
        process.Kill();
        await process.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"tree took {clock.ElapsedMilliseconds} ms to die");
        Assert.Empty(HostProcesses.WithCommandLineContaining($"sleep {marker}"));
        Assert.DoesNotContain(Engine.Cgroups.EngineDirectories, directory => Directory.Exists(Path.Combine(directory, process.Id)));
    }

    [Fact]
    public async Task StdoutFlood_IsCut_AndStopped_WithBoundedMemory()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var run = await sandbox.Bash("head -c 1073741824 /dev/zero | tr '\\0' 'a'", SandboxLimits.Default with { MaxOutputBytes = 1024 * 1024 });
        Assert.Equal(ExitReason.OutputLimit, run.Result.Reason);
        Assert.True(run.Result.StdoutTruncated);
        Assert.InRange(run.Stdout.Length, 1024 * 1024, 1024 * 1024 + 200);
        Assert.Contains("[sandcastle: stdout cut at 1048576 bytes; process stopped]", run.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(grown < 64L * 1024 * 1024, $"managed heap grew by {grown} bytes");
    }

    [Fact]
    public async Task FillingTmp_StopsAtItsSize()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("dd if=/dev/zero of=/tmp/fill bs=1M count=100 2>&1; df -m /tmp | tail -1", SandboxLimits.Default with { TmpBytes = 16L * 1024 * 1024 });
        Assert.Contains("No space left on device", run.Stdout);
    }

    [Fact]
    public async Task TmpAndDevShm_HaveTheDefaultSize_WhenTheRequestAsksForNone()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("df -B1 --output=size /tmp /dev/shm | tail -n 2 | tr -d ' '");
        Assert.Equal($"{SandboxLimits.Default.TmpBytes}\n{SandboxLimits.Default.TmpBytes}\n", run.Stdout);
    }

    [Fact]
    public async Task OneBigFile_CannotPassTheWorkspaceQuota()
    {
        await using var sandbox = Engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = 8L * 1024 * 1024 });
        var run = await sandbox.Bash("dd if=/dev/zero of=/workspace/big bs=1M count=64");
        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.True(new FileInfo(Path.Combine(sandbox.WorkspacePath, "big")).Length <= 8L * 1024 * 1024);
    }

    [Fact]
    public async Task ManySmallFiles_PastTheQuota_AreStopped_AndTheNextRunIsRefused()
    {
        await using var sandbox = Engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = 4L * 1024 * 1024 });
        var run = await sandbox.Bash("for i in $(seq 1 100); do head -c 1048576 /dev/zero > /workspace/f$i; sleep 0.05; done; echo finished");
        Assert.Equal(ExitReason.DiskQuota, run.Result.Reason);
        Assert.DoesNotContain("finished", run.Stdout);
        Assert.Throws<WorkspaceQuotaExceededException>(() => sandbox.Start(ExecRequest.ForCommand("true")));
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class LimitTestsWhenForked(ForkingEngineFixture fixture) : LimitTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class LimitTestsWhenLaunched(LaunchingEngineFixture fixture) : LimitTests(fixture), IClassFixture<LaunchingEngineFixture>;
