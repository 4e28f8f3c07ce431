using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Idle processes must not make the server walk a workspace over and over. A workspace that is a file system of its
/// own is never walked (one statvfs per check); one that is a plain directory (made before volumes, or where the
/// kernel cannot enforce quotas) is walked once per poll interval for all its processes.
/// </summary>
public abstract class QuotaWatchTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task ManyIdleProcesses_OnAVolume_WalkNothing()
    {
        var sandbox = fixture.Engine.GetOrCreate($"statvfs-{Guid.NewGuid():N}"[..20]);
        try
        {
            Assert.NotNull(sandbox.MeasureVolume());
            Assert.Equal(0, (await sandbox.Bash("mkdir d && cd d && seq 1 3000 | xargs touch")).Result.ExitCode);
            var limits = sandbox.Limits with { Timeout = TimeSpan.FromSeconds(2) };
            var idle = Enumerable.Range(0, 12).Select(_ => sandbox.Start(ExecRequest.ForCommand("sleep 60") with { Limits = limits })).ToList();
            await Task.WhenAll(idle.Select(p => p.Completion));
            foreach (var process in idle)
                await process.DisposeAsync();

            Assert.Equal(0, sandbox.QuotaWalks);
        }
        finally
        {
            await fixture.Engine.DestroyAsync(sandbox.Id, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task ManyIdleProcesses_OnADirectory_ShareOneWorkspaceWalkPerInterval()
    {
        // A workspace directory that exists before the sandbox is first used stays a directory, under the watcher.
        var id = $"walks-{Guid.NewGuid():N}"[..20];
        Directory.CreateDirectory(Path.Combine(fixture.DataRoot, "sandboxes", id, "workspace"));
        File.SetUnixFileMode(Path.Combine(fixture.DataRoot, "sandboxes", id, "workspace"), (UnixFileMode)0x1FF);
        var sandbox = fixture.Engine.GetOrCreate(id);
        Assert.Null(sandbox.MeasureVolume());
        try
        {
            Assert.Equal(0, (await sandbox.Bash("mkdir d && cd d && seq 1 3000 | xargs touch")).Result.ExitCode);
            var walksBefore = sandbox.QuotaWalks;
            var watch = Stopwatch.StartNew();
            var limits = sandbox.Limits with { Timeout = TimeSpan.FromSeconds(3) };
            var idle = Enumerable.Range(0, 12).Select(_ => sandbox.Start(ExecRequest.ForCommand("sleep 60") with { Limits = limits })).ToList();
            await Task.WhenAll(idle.Select(p => p.Completion));
            var walks = sandbox.QuotaWalks - walksBefore;
            var intervals = (int)(watch.Elapsed / fixture.Engine.Options.DiskQuotaPollInterval);
            foreach (var process in idle)
                await process.DisposeAsync();

            // One watcher per process would have walked about 12 times as often.
            Assert.InRange(walks, 1, intervals + 2);
        }
        finally
        {
            await fixture.Engine.DestroyAsync(sandbox.Id, TestContext.Current.CancellationToken);
        }
    }
}

public sealed class QuotaWatchTestsWhenForked(ForkingEngineFixture fixture) : QuotaWatchTests(fixture), IClassFixture<ForkingEngineFixture>;

public sealed class QuotaWatchTestsWhenLaunched(LaunchingEngineFixture fixture) : QuotaWatchTests(fixture), IClassFixture<LaunchingEngineFixture>;
