using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Interactive;

/// <summary>The CLI in a real pseudo-terminal (tmux): prompts, hidden input and the live dashboard's keys.</summary>
public sealed class TerminalInteractionTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private readonly Tmux _tmux = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
    }

    [Fact]
    public async Task Run_WithoutAPrompt_AsksForOne_OnATerminal()
    {
        _claude.EnqueueText("```python\nprint(6 * 7)\n```");
        await StartAsync("run");

        await _tmux.WaitForAsync(TimeSpan.FromSeconds(30), "What should Claude compute?");
        await _tmux.SendKeysAsync("six times seven");
        await _tmux.SendKeysAsync("Enter");
        var screen = await _tmux.WaitForAsync(TimeSpan.FromSeconds(60), "Summary", "success");

        Assert.Contains("42", screen);
        Assert.Equal(0, await _tmux.ExitCodeAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("six times seven", _claude.Requests.Single().LastUserText);
    }

    [Fact]
    public async Task Run_OnAColourTerminal_HighlightsTheCode()
    {
        _home.Environment["NO_COLOR"] = null;
        _claude.EnqueueText("Here:\n```python\nfor i in range(3):\n    print('row', i)  # loop\n```\n");
        await StartAsync("run", "-p", "three rows");

        await _tmux.WaitForAsync(TimeSpan.FromSeconds(60), "Summary", "success");
        var screen = await _tmux.CaptureAsync(withEscapes: true);

        var codeLine = screen.Split('\n').First(l => l.Contains("range", StringComparison.Ordinal));
        Assert.Contains("\u001b[", codeLine);
        Assert.Contains("row 2", await _tmux.CaptureAsync());
    }

    [Fact]
    public async Task SecretSet_OnATerminal_AsksWithoutEcho()
    {
        await StartAsync("secret", "set", "ANTHROPIC_API_KEY");

        await _tmux.WaitForAsync(TimeSpan.FromSeconds(30), "ANTHROPIC_API_KEY:");
        await _tmux.WaitForEchoOffAsync(TimeSpan.FromSeconds(10));
        await _tmux.SendKeysAsync("sk-hidden-123");
        await _tmux.SendKeysAsync("Enter");
        var screen = await _tmux.WaitForAsync(TimeSpan.FromSeconds(30), "Stored ANTHROPIC_API_KEY");

        Assert.DoesNotContain("sk-hidden-123", screen);
        Assert.Equal(0, await _tmux.ExitCodeAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("\"sk-hidden-123\"", File.ReadAllText(Path.Combine(_home.HomeDirectory, ".config", "sandcastle", "secrets.json")));
    }

    [Fact]
    public async Task LocalDashboard_ShowsASandboxsDetailOnItsNumber()
    {
        var made = await _home.RunAsync("exec", "-l", "bash", "-c", "true", "--sandbox", "watched");
        Assert.Equal(0, made.ExitCode);
        await StartAsync("monitor", "--interval", "0.5");

        await _tmux.WaitForAsync(TimeSpan.FromSeconds(30), "Sandboxes (1)", "watched", "q quit");
        await _tmux.SendKeysAsync("1");
        var detail = await _tmux.WaitForAsync(TimeSpan.FromSeconds(10), "Sandbox watched");
        await _tmux.SendKeysAsync("q");

        Assert.Contains("workspace", detail);
        Assert.Equal(0, await _tmux.ExitCodeAsync(TimeSpan.FromSeconds(10)));
    }

    private Task StartAsync(params string[] arguments) =>
        _tmux.StartAsync(_home.WorkingDirectory, _home.EffectiveEnvironment(), ["dotnet", CliProgram.DllPath, .. arguments]);

    public async ValueTask DisposeAsync()
    {
        _tmux.Dispose();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
