using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Monitor;

public sealed class ServeAndDashboardTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;
    private Process? _serve;
    private Task<string>? _serveStderr;
    private string _url = "";

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
        _url = $"http://127.0.0.1:{FreePort.Next()}";
        _serve = _home.Start(["serve", "--urls", _url]);
        _serve.StandardInput.Close();
        // Drained from the start: a server blocked on a full pipe would never stop.
        _ = _serve.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _serveStderr = _serve.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"{_url}/health", TestContext.Current.CancellationToken);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_serve.HasExited)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task Serve_AnswersHealthAndRuns_AndStopsOnCtrlC()
    {
        _claude.EnqueueText("```python\nprint(2 ** 10)\n```");
        using var http = new HttpClient();

        var health = await http.GetFromJsonAsync<JsonObject>($"{_url}/health", TestContext.Current.CancellationToken);
        var run = await _home.RunAsync("run", "-p", "What is 2^10?", "--server", _url);
        using (var kill = Process.Start("kill", ["-INT", _serve!.Id.ToString()]))
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Generous: CI runs every test assembly at once on two cores.
        deadline.CancelAfter(TimeSpan.FromSeconds(45));
        await _serve.WaitForExitAsync(deadline.Token);

        Assert.Equal("healthy", health!["status"]!.GetValue<string>());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1024", run.Stdout);
        Assert.Equal(0, _serve.ExitCode);
        Assert.Contains($"listening on {_url}", await _serveStderr!);
    }

    [Fact]
    public async Task LiveDashboard_InATerminal_RefreshesInPlace_AndQuitsOnQ()
    {
        using var tmux = new Tmux();
        await tmux.StartAsync(_home.WorkingDirectory, _home.EffectiveEnvironment(),
            ["dotnet", CliProgram.DllPath, "monitor", "--server", _url, "--interval", "0.5"]);

        var first = await tmux.WaitForAsync(TimeSpan.FromSeconds(30), "Sandcastle", "status: healthy", "Sandboxes", "q quit");
        var clock = first.Split('\n')[0];
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var later = await tmux.CaptureAsync();
        await tmux.SendKeysAsync("q");

        Assert.Contains(_url, first);
        Assert.NotEqual(clock, later.Split('\n')[0]);
        // Redrawn in place, not scrolled: the header appears once.
        Assert.Single(later.Split('\n'), line => line.Contains("status: healthy", StringComparison.Ordinal));
        Assert.Equal(0, await tmux.ExitCodeAsync(TimeSpan.FromSeconds(10)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_serve is { HasExited: false })
            _serve.Kill(entireProcessTree: true);
        _serve?.Dispose();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
