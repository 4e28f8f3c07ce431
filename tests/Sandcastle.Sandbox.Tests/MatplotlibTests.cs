namespace Sandcastle.Sandbox.Tests;

public abstract class MatplotlibTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task Chart_IsSavedAsPng_InTheWorkspace_WithThePrebuiltFontCache()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        // The engine builds the font list in the background at start; a fresh engine may need a moment.
        var seen = "";
        for (var i = 0; i < 100 && !seen.Contains("fontlist-"); i++)
        {
            seen = (await sandbox.Bash("ls /tmp/.matplotlib 2>/dev/null")).Stdout;
            if (!seen.Contains("fontlist-"))
                await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Contains("fontlist-", seen);

        var run = await sandbox.Python("""
            import matplotlib.pyplot as plt
            plt.plot([1, 4, 9, 16])
            plt.title("squares")
            plt.savefig("chart.png")
            print("saved")
            """);
        Assert.True(run.Result.Success, run.Stderr);
        Assert.DoesNotContain("Matplotlib is building the font cache", run.Stderr);
        var png = await File.ReadAllBytesAsync(Path.Combine(sandbox.WorkspacePath, "chart.png"), TestContext.Current.CancellationToken);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class MatplotlibTestsWhenForked(ForkingEngineFixture fixture) : MatplotlibTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class MatplotlibTestsWhenLaunched(LaunchingEngineFixture fixture) : MatplotlibTests(fixture), IClassFixture<LaunchingEngineFixture>;
