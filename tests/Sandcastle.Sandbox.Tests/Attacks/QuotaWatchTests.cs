using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Idle processes must not make the server walk a workspace over and over: the quota watchers of one sandbox share
/// one walk per poll interval, however many processes run.
/// </summary>
public abstract class QuotaWatchTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task ManyIdleProcesses_ShareOneWorkspaceWalkPerInterval()
    {
        var sandbox = fixture.Engine.GetOrCreate($"walks-{Guid.NewGuid():N}"[..20]);
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
