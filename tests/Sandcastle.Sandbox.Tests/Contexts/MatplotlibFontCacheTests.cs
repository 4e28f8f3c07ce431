using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class MatplotlibFontCacheTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private const string ImportWithLogging = "import logging\nlogging.basicConfig(level=logging.INFO)\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nNone";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kernels_UseTheEnginesFontList_InsteadOfScanningFonts()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        // The engine builds the list in the background when it starts; wait until sandboxes get it.
        for (var i = 0; i < 100 && !(await sandbox.Bash("ls /tmp/.matplotlib")).Stdout.Contains("fontlist-"); i++)
            await Task.Delay(100, Cancel);
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var run = await context.RunAndCollectAsync(ImportWithLogging, cancellationToken: Cancel);

        Assert.Null(run.Error);
        Assert.Single(run.Results);
        Assert.DoesNotContain("generated new fontManager", string.Concat(run.Logs.Stderr));
    }
}
