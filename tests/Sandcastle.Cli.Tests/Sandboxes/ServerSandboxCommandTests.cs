using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Sandboxes;

public sealed class ServerSandboxCommandTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = "sk-ant-test",
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        _home.Environment["SANDCASTLE_SERVER"] = _server.Url;
    }

    [Fact]
    public async Task ServerSandboxes_CanBeListedBrowsedWatchedAndRemoved()
    {
        _claude.EnqueueText("```python\nopen('answer.txt', 'w').write('55')\nprint('saved')\n```");
        var run = await _home.RunAsync("run", "-p", "save the answer", "--sandbox", "srv-one");
        Assert.True(run.ExitCode == 0, run.ToString());

        var list = await _home.RunAsync("sandbox", "list");
        var files = await _home.RunAsync("sandbox", "files", "srv-one");
        var file = await _home.RunAsync("sandbox", "files", "srv-one", "answer.txt");
        var dashboard = await _home.RunAsync("monitor", "--once");
        var removed = await _home.RunAsync("sandbox", "rm", "srv-one");
        var after = await _home.RunAsync("sandbox", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("srv-one", list.Stdout);
        Assert.Contains("answer.txt", files.Stdout);
        Assert.Equal("55", file.Stdout);
        Assert.Contains("Sandboxes (1)", dashboard.Stdout);
        Assert.Contains("srv-one", dashboard.Stdout);
        Assert.Equal(0, removed.ExitCode);
        Assert.DoesNotContain("srv-one", after.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
