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
        var output = Path.Combine(_home.Root, "out");
        var run = await _home.RunAsync("run", "-p", "save the answer", "--sandbox", "srv-one", "--agent", "python-expert", "--output-dir", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("55", File.ReadAllText(Path.Combine(output, "answer.txt")));
        Assert.False(File.Exists(Path.Combine(output, ".claude", "agents", "python-expert.md")));

        var list = await _home.RunAsync("sandbox", "list");
        var files = await _home.RunAsync("sandbox", "files", "srv-one");
        var file = await _home.RunAsync("sandbox", "files", "srv-one", "answer.txt");
        var agent = await _home.RunAsync("sandbox", "files", "srv-one", ".claude/agents/python-expert.md");
        var dashboard = await _home.RunAsync("monitor", "--once");
        var removed = await _home.RunAsync("sandbox", "rm", "srv-one");
        var after = await _home.RunAsync("sandbox", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("srv-one", list.Stdout);
        Assert.Contains("answer.txt", files.Stdout);
        Assert.Equal("55", file.Stdout);
        Assert.Contains("expert Python engineer", agent.Stdout);
        Assert.Contains("Sandboxes (1)", dashboard.Stdout);
        Assert.Contains("srv-one", dashboard.Stdout);
        Assert.Equal(0, removed.ExitCode);
        Assert.DoesNotContain("srv-one", after.Stdout);
    }

    [Fact]
    public async Task RunWithoutASandbox_SavesFilesFromItsOwnServerSandbox_AndRemovesIt()
    {
        _claude.EnqueueText("```python\nopen('chart.txt', 'w').write('bars')\n```");
        var output = Path.Combine(_home.Root, "own");

        var run = await _home.RunAsync("run", "-p", "draw", "--output-dir", output);
        var list = await _home.RunAsync("sandbox", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("bars", File.ReadAllText(Path.Combine(output, "chart.txt")));
        Assert.Contains(Path.Combine(output, "chart.txt"), run.Stdout);
        Assert.DoesNotContain("run-", list.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
