using System.Diagnostics;
using Sandcastle.Sandbox.Contexts;
using Sandcastle.Testing;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// A code context's cell is hostile code in the kernel's own process: it can flood rich results, and it can read
/// the kernel's frame token and forge frames. The host must hold a bounded amount whatever it does, the cell's
/// run must still end, the context must go on, and other sandboxes must not notice.
/// </summary>
public abstract class ContextFloodTests(SandboxEngineFixture fixture)
{
    /// <summary>
    /// What the host may hold while 120-170 MB pass through it (a 4 MiB cap per stream and for results); keeping
    /// what passed would take twice that (UTF-16). The floods stay short: a kernel started from a thread-pool
    /// thread dies when that thread retires (--die-with-parent), a fault of its own.
    /// </summary>
    private const long HeapBound = 192L * 1024 * 1024;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACellDisplaying120Megabytes_IsCut_AndTheHostStaysBounded()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        await context.RunAndCollectAsync("x = 41", cancellationToken: Cancel);

        ContextRunResult flood;
        long growth;
        await using (var heap = new HeapPeak())
        {
            flood = await context.RunAndCollectAsync("""
                s = 'x' * (1 << 20)
                for i in range(120):
                    display(s)
                print('flood done')
                """, TimeSpan.FromSeconds(120), Cancel);
            growth = heap.GrowthBytes;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"results flood: host heap +{growth / (1024 * 1024)} MiB");
        Assert.Null(flood.Error);
        Assert.Equal("flood done\n", string.Concat(flood.Logs.Stdout));
        Assert.Contains("rich results of this run cut", string.Concat(flood.Logs.Stderr));
        Assert.InRange(flood.Results.Sum(r => r.Data.Values.Sum(v => (long)v.Length)), 1, sandbox.Limits.MaxOutputBytes);
        Assert.True(growth < HeapBound, $"the host's heap grew by {growth / (1024 * 1024)} MiB");
        await AssertStillServesAsync(context);
    }

    [Fact]
    public async Task ACellForgingTheKernelsFrames_SpoilsOnlyItsOwnRun()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        await context.RunAndCollectAsync("x = 41", cancellationToken: Cancel);

        ContextRunResult forged;
        long growth;
        await using (var heap = new HeapPeak())
        {
            // The token is in the kernel's globals; continuation frames that never end, a forged result far past
            // the cap, then a marker whose frame never ends: 170 MB in all.
            forged = await context.RunAndCollectAsync("""
                import os, sys
                token = display.__func__.__globals__['_TOKEN'].encode()
                head = b'\x1e' + token
                block = (head + b'+' + b'z' * 4000 + b'\n') * 64
                for i in range(300):
                    os.write(1, block)
                big = (head + b'+{"t":"result","cell":2,"data":{"text/plain":"' + b'w' * 3900 + b'\n') + (head + b'+' + b'w' * 4000 + b'\n') * 63
                for i in range(300):
                    os.write(1, big)
                os.write(1, head + b':"}}\n')
                os.write(1, head + b':')
                for i in range(20):
                    os.write(1, b'q' * (1 << 20))
                print('forgery done', file=sys.stderr)
                """, TimeSpan.FromSeconds(120), Cancel);
            growth = heap.GrowthBytes;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"forged frames: host heap +{growth / (1024 * 1024)} MiB");
        Assert.Equal(2, forged.ExecutionCount);
        Assert.Contains("forgery done", string.Concat(forged.Logs.Stderr));
        Assert.True(string.Concat(forged.Logs.Stdout).Length <= sandbox.Limits.MaxOutputBytes + 200);
        Assert.True(growth < HeapBound, $"the host's heap grew by {growth / (1024 * 1024)} MiB");
        await AssertStillServesAsync(context);
    }

    private async Task AssertStillServesAsync(CodeContext context)
    {
        var after = await context.RunAndCollectAsync("x + 1", cancellationToken: Cancel);
        Assert.Null(after.Error);
        Assert.Equal("42", Assert.Single(after.Results).Text);
        Assert.True(context.IsAlive);

        await using var neighbour = fixture.Engine.CreateEphemeral();
        var watch = Stopwatch.StartNew();
        var echo = await neighbour.Bash("echo 1");
        Assert.Equal("1\n", echo.Stdout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"echo took {watch.Elapsed}");
    }
}

/// <summary>Another sandbox's executions forked by the fork server (kernels are always launched).</summary>
[Collection(HeapMeasuredCollection.Name)]
public sealed class ContextFloodTestsWhenForked(ForkingEngineFixture fixture) : ContextFloodTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>Every execution with a launcher of its own.</summary>
[Collection(HeapMeasuredCollection.Name)]
public sealed class ContextFloodTestsWhenLaunched(LaunchingEngineFixture fixture) : ContextFloodTests(fixture), IClassFixture<LaunchingEngineFixture>;
