using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class CodeContextManagerTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Contexts_AreCreatedFoundListedAndDeleted_EachWithItsOwnState()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var manager = new CodeContextManager(sandbox, maxContexts: 2);

        var python = await manager.CreateAsync(SandboxLanguage.Python, Cancel);
        var javascript = await manager.CreateAsync(SandboxLanguage.JavaScript, Cancel);
        await Assert.ThrowsAsync<CodeContextLimitException>(() => manager.CreateAsync(SandboxLanguage.Python, Cancel));
        await python.RunAndCollectAsync("shared = 'py'", cancellationToken: Cancel);
        var js = await javascript.RunAndCollectAsync("typeof shared", cancellationToken: Cancel);

        Assert.Equal("'undefined'", Assert.Single(js.Results).Text);
        Assert.Same(python, manager.Find(python.Id));
        Assert.Equal([python.Id, javascript.Id], manager.List().Select(c => c.Id));
        Assert.True(await manager.DeleteAsync(python.Id, Cancel));
        Assert.False(python.IsAlive);
        Assert.Null(manager.Find(python.Id));
        Assert.False(await manager.DeleteAsync(python.Id, Cancel));
        Assert.True(javascript.IsAlive);
    }

    [Fact]
    public async Task Bash_IsRefused()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CodeContext.StartAsync(sandbox, SandboxLanguage.Bash, Cancel));
    }
}
