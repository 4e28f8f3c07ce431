using Sandcastle.Testing.Attacks;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Destroying a sandbox while its code swaps workspace directories for symlinks to a host directory, and while
/// new executions keep being started in it, deletes the sandbox and nothing else.
/// </summary>
public abstract class DestroyRaceTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    // No quota: a plain directory. A quota: the workspace is an ext4 image of its own, unmounted before the delete.
    private static SandboxLimits Limits(long quotaBytes) =>
        SandboxLimits.Default with { WorkspaceQuotaBytes = quotaBytes, Timeout = TimeSpan.FromSeconds(90) };

    [Theory]
    [InlineData(0L)]
    [InlineData(256L << 20)]
    public async Task SwappingDirectoriesForHostSymlinks_WhileDestroyed_LeavesTheHostDirectoryIntact(long quotaBytes)
    {
        using var attack = new SymlinkSwapAttack();
        var id = $"destroy-race-{Guid.NewGuid():N}"[..24];
        var sandbox = Engine.GetOrCreate(id, Limits(quotaBytes));
        var built = await sandbox.Python(attack.BuildScript());
        Assert.True(built.Stdout == "built\n", $"{built.Result} {built.Stderr}");
        var swapper = sandbox.Start(ExecRequest.ForCode(SandboxLanguage.Python, attack.SwapScript()));
        await WaitForOutputAsync(swapper, "swapping");

        var destroy = Engine.DestroyAsync(id, TestContext.Current.CancellationToken);
        // New executions keep arriving while the destroy runs, as interleaved exec calls do on a grain.
        var refused = 0;
        while (!destroy.IsCompleted)
        {
            try
            {
                sandbox.Start(ExecRequest.ForCode(SandboxLanguage.Python, attack.SwapScript()));
            }
            catch (SandboxDestroyedException)
            {
                refused++;
            }
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
        Exception? failure = null;
        var destroyed = false;
        try
        {
            destroyed = await destroy;
        }
        catch (Exception e)
        {
            failure = e;
        }

        Assert.Equal(SymlinkSwapAttack.VictimFiles, attack.RemainingVictimFiles);
        Assert.Null(failure);
        Assert.True(destroyed);
        Assert.False(Directory.Exists(Path.Combine(fixture.DataRoot, "sandboxes", id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fixture.DataRoot, "trash")));
        Assert.Empty(sandbox.RunningProcesses);
        Assert.Throws<SandboxDestroyedException>(() => sandbox.Start(ExecRequest.ForCommand("true")));
        Assert.Empty(VolumeMounts.Of(fixture.DataRoot));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(256L << 20)]
    public async Task ATreeNestedDeeperThanAnyWalk_IsStillDeleted(long quotaBytes)
    {
        var id = $"destroy-deep-{Guid.NewGuid():N}"[..24];
        var sandbox = Engine.GetOrCreate(id, Limits(quotaBytes));
        var run = await sandbox.Python("""
            import os
            os.chdir("/workspace")
            for i in range(1500):
                os.mkdir("d"); os.chdir("d")
            open("leaf", "w").close()
            print("deep")
            """);
        Assert.Equal("deep\n", run.Stdout);

        Assert.True(await Engine.DestroyAsync(id, TestContext.Current.CancellationToken));

        Assert.False(Directory.Exists(Path.Combine(fixture.DataRoot, "sandboxes", id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fixture.DataRoot, "trash")));
        Assert.Empty(VolumeMounts.Of(fixture.DataRoot));
    }

    private static async Task WaitForOutputAsync(SandboxProcess process, string text)
    {
        var seen = "";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output)
                seen += output.Text;
            if (seen.Contains(text))
                return;
            if (item is ExecCompleted completed)
                Assert.Fail($"exited before '{text}': {seen} {completed.Result}");
        }
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class DestroyRaceTestsWhenForked(ForkingEngineFixture fixture) : DestroyRaceTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class DestroyRaceTestsWhenLaunched(LaunchingEngineFixture fixture) : DestroyRaceTests(fixture), IClassFixture<LaunchingEngineFixture>;
