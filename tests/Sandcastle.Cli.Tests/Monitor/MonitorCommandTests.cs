using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Monitor;

public sealed class MonitorCommandTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
    }

    [Fact]
    public async Task OneShot_Embedded_PrintsTheTimingTable()
    {
        _claude.EnqueueText("```python\nprint(55)\n```");

        var result = await _home.RunAsync("monitor", "--prompt", "Calculate the 10th Fibonacci number");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var row in new[] { "Health check", "healthy (embedded", "Generation", "Execution", "Total", "Tokens", "10 in / 20 out", "Memory", "working set", "success", "55" })
            Assert.Contains(row, result.Stdout);
    }

    [Fact]
    public async Task OneShot_AgainstAServer_AndTheDashboardOnce()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = "sk-ant-test",
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        _claude.EnqueueText("```python\nprint(55)\n```");

        var oneShot = await _home.RunAsync("monitor", "--prompt", "Calculate the 10th Fibonacci number", "--server", server.Url);
        var dashboard = await _home.RunAsync("monitor", "--server", server.Url, "--once");

        Assert.True(oneShot.ExitCode == 0, oneShot.ToString());
        Assert.Contains("healthy (HTTP 200)", oneShot.Stdout);
        Assert.Contains("10 in / 20 out", oneShot.Stdout);
        Assert.True(dashboard.ExitCode == 0, dashboard.ToString());
        Assert.Contains($"Sandcastle {server.Url}/", dashboard.Stdout);
        Assert.Contains("status: healthy", dashboard.Stdout);
        Assert.Contains("Sandboxes", dashboard.Stdout);
        // The run the one-shot monitor made is among the server's recent executions, with its timings and tokens.
        Assert.Contains("Recent executions (1)", dashboard.Stdout);
        Assert.Contains("execute", dashboard.Stdout);
        Assert.Contains("ok (exit 0)", dashboard.Stdout);
        Assert.Contains("10/20", dashboard.Stdout);
        Assert.Contains("uptime", dashboard.Stdout);
        Assert.DoesNotContain("uptimeSeconds", dashboard.Stdout);
    }

    [Fact]
    public async Task Dashboard_OfAnUnreachableServer_ExitsWithTheCause()
    {
        var result = await _home.RunAsync("monitor", "--server", "http://127.0.0.1:9", "--once");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("cannot reach the Sandcastle server", result.Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
