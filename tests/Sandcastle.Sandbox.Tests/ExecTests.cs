using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests;

public sealed class ExecTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task Python_PrintsToStdout_AndExitsZero()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(2**10)"), TestContext.Current.CancellationToken);
        Assert.Equal("1024\n", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal(ExitReason.Exited, run.Result.Reason);
    }

    [Fact]
    public async Task Output_ArrivesAsItIsProduced()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstAt = null;
        TimeSpan? secondAt = null;
        var request = ExecRequest.ForCode(SandboxLanguage.Python, "import time\nprint('first')\ntime.sleep(1)\nprint('second')");
        await foreach (var item in sandbox.ExecAsync(request, TestContext.Current.CancellationToken))
        {
            if (item is ExecOutput { Text: var text } && text.Contains("first"))
                firstAt = clock.Elapsed;
            if (item is ExecOutput { Text: var t } && t.Contains("second"))
                secondAt = clock.Elapsed;
        }
        Assert.NotNull(firstAt);
        Assert.NotNull(secondAt);
        Assert.True(secondAt - firstAt > TimeSpan.FromMilliseconds(800), $"first at {firstAt}, second at {secondAt}");
    }
}
