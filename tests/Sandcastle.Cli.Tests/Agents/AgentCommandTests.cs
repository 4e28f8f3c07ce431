using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Agents;

/// <summary>The real `sandcastle agent` process, the real server and sandbox, the real Claude Code; only the model is fake.</summary>
public sealed class AgentCommandTests : IAsyncLifetime
{
    private const string Key = "sk-ant-cli-agent-test-key";
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _claude.Responder = Fib;
    }

    [Fact]
    public async Task Agent_with_a_catalog_subagent_shows_each_step_live_against_a_server()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = Key,
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        _home.Environment["SANDCASTLE_SERVER"] = server.Url;

        var run = await _home.RunAsync("agent", "-p", "Write fib.py and run it", "--agent", "python-expert", "--sandbox", "cli-agent");

        Assert.True(run.ExitCode == 0, run.ToString());
        var write = run.Stdout.IndexOf("● Write: /workspace/fib.py", StringComparison.Ordinal);
        var bash = run.Stdout.IndexOf("● Bash: python3 /workspace/fib.py", StringComparison.Ordinal);
        var folded = run.Stdout.IndexOf("⎿ 55", StringComparison.Ordinal);
        var text = run.Stdout.IndexOf("fib(10) is 55.", StringComparison.Ordinal);
        Assert.True(write >= 0 && bash > write && folded > bash && text > folded, run.ToString());
        Assert.Contains("✓ completed", run.Stderr);
        Assert.Contains("sandbox cli-agent", run.Stderr);
        // The catalog's subagent reached Claude Code: the model was offered it by name.
        Assert.Contains(_claude.Requests, r => r.Body.Contains("python-expert") && r.Body.Contains("\"tools\""));
        Assert.All(_claude.Requests, r => Assert.Equal(Key, r.Headers["x-api-key"]));

        var json = await _home.RunAsync("agent", "-p", "again", "--sandbox", "cli-agent", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var result = JsonDocument.Parse(json.Stdout);
        Assert.Equal("fib(10) is 55.", result.RootElement.GetProperty("result").GetString());
        Assert.Contains(result.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "tool_use");
    }

    [Fact]
    public async Task Agent_without_a_server_runs_one_in_process()
    {
        _home.Environment["ANTHROPIC_API_KEY"] = Key;
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;

        var run = await _home.RunAsync("agent", "-p", "Write fib.py and run it");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("fib(10) is 55.", run.Stdout);
        Assert.Contains(_claude.Requests, r => r.LastToolResults.Contains("55"));
    }

    [Fact]
    public async Task Unknown_subagent_is_a_usage_error()
    {
        var run = await _home.RunAsync("agent", "-p", "x", "--agent", "no-such-agent-zz", "--server", "http://127.0.0.1:9");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown agent 'no-such-agent-zz'", run.Stderr);
    }

    private static FakeReply? Fib(RecordedRequest request)
    {
        if (!request.Body.Contains("\"tools\"", StringComparison.Ordinal))
            return FakeReply.WithText("ok");
        var step = request.Messages.Reverse().TakeWhile(m => m.Role == "assistant" || m.ToolResults.Length > 0).Count(m => m.Role == "assistant");
        return step switch
        {
            0 => FakeReply.WithTools(new FakeToolUse("Write", """{"file_path":"/workspace/fib.py","content":"def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\nprint(fib(10))\n"}""")),
            1 => FakeReply.WithTools(new FakeToolUse("Bash", """{"command":"python3 /workspace/fib.py","description":"Run fib.py"}""")),
            _ => FakeReply.WithText("fib(10) is 55."),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
