using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class MatplotlibFontCacheTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private const string ImportWithLogging = "import logging\nlogging.basicConfig(level=logging.INFO)\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nNone";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KernelsSeededWithTheEnginesFontList_DoNotScanFonts()
    {
        var cache = new MatplotlibFontCache(fixture.Engine);
        var fonts = await cache.GetAsync(Cancel);
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var seeded = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, new CodeContextOptions { FontCache = cache }, Cancel);
        await using var plain = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);

        var withCache = await seeded.RunAndCollectAsync(ImportWithLogging, cancellationToken: Cancel);
        var without = await plain.RunAndCollectAsync(ImportWithLogging, cancellationToken: Cancel);

        Assert.NotNull(fonts);
        Assert.StartsWith("fontlist-", fonts.FileName);
        Assert.Null(withCache.Error);
        Assert.Single(withCache.Results);
        Assert.DoesNotContain("generated new fontManager", string.Concat(withCache.Logs.Stderr));
        Assert.Contains("generated new fontManager", string.Concat(without.Logs.Stderr));
    }
}
