using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Running;

public sealed class RunCommandTests : IAsyncLifetime
{
    private const string FibonacciReply = "Here is the program:\n```python\na, b = 0, 1\nfor _ in range(10):\n    a, b = b, a + b\nprint(a)\nopen('answer.txt', 'w').write(str(a))\n```\n";

    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(TestContext.Current.CancellationToken);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
    }

    [Fact]
    public async Task Embedded_ShowsCodeOutputAndSummary_AndSavesCreatedFiles()
    {
        _claude.EnqueueText(FibonacciReply);
        var output = Path.Combine(_home.Root, "out");

        var result = await _home.RunAsync("run", "--prompt", "Calculate the 10th Fibonacci number", "--output-dir", output);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("for _ in range(10):", result.Stdout);
        Assert.Contains("Output", result.Stdout);
        Assert.Contains("\n55\n", result.Stdout);
        Assert.Contains("success", result.Stdout);
        Assert.Contains("Attempts", result.Stdout);
        Assert.Contains("10 in / 20 out", result.Stdout);
        Assert.Equal("55", File.ReadAllText(Path.Combine(output, "answer.txt")));
        Assert.Contains(Path.Combine(output, "answer.txt"), result.Stdout);
        Assert.Contains("Calculate the 10th Fibonacci number", _claude.Requests.Single().LastUserText);
    }

    [Fact]
    public async Task Json_PrintsExactlyTheExecuteShape()
    {
        _claude.EnqueueText(FibonacciReply);

        var result = await _home.RunAsync("run", "-p", "Calculate the 10th Fibonacci number", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal(
            ["success", "question", "code", "output", "error", "sandboxId", "executionTime", "language", "exitCode", "reason", "generationMs", "executionMs", "model", "usage", "attempts", "outputDir", "files"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal("55\n", root.GetProperty("output").GetString());
        Assert.Equal("python", root.GetProperty("language").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(10, root.GetProperty("usage").GetProperty("inputTokens").GetInt64());
        Assert.Equal(20, root.GetProperty("usage").GetProperty("outputTokens").GetInt64());
        Assert.Equal(1, root.GetProperty("attempts").GetArrayLength());
        Assert.Equal("", result.Stderr);
        // Default output directory: ./sandcastle-output/<run id>/
        Assert.Single(Directory.GetFiles(Path.Combine(_home.WorkingDirectory, "sandcastle-output"), "answer.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task FailingProgram_IsFixedOnTheSecondAttempt_OrFailsWithACause()
    {
        _claude.EnqueueText("```python\nimport sys\nprint('oops', file=sys.stderr)\nsys.exit(3)\n```");
        _claude.EnqueueText("```python\nprint('fixed')\n```");
        var fixedRun = await _home.RunAsync("run", "-p", "anything");

        _claude.EnqueueText("```python\nraise SystemExit(3)\n```");
        var failed = await _home.RunAsync("run", "-p", "anything", "--max-attempts", "1");

        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Contains("Attempt 1 failed (exit 3)", fixedRun.Stdout);
        Assert.Contains("oops", fixedRun.Stderr);
        Assert.Contains("fixed", fixedRun.Stdout);
        Assert.Equal(1, failed.ExitCode);
        Assert.EndsWith("sandcastle: no working program after 1 attempt(s): the last one ended with exit 3.\n", failed.Stderr);
    }

    [Fact]
    public async Task AgentAndCommand_ShapeThePrompt_PickTheModel_AndAreInstalledInTheSandbox()
    {
        var agents = Directory.CreateDirectory(Path.Combine(_home.WorkingDirectory, ".claude", "agents")).FullName;
        File.WriteAllText(Path.Combine(agents, "terse.md"), "---\nname: terse\ndescription: Answers tersely.\ntools: Bash\nmodel: haiku\n---\nYOU ARE TERSE AND PRECISE.\n");
        _claude.EnqueueText("```python\nprint(6 * 7)\n```");

        var result = await _home.RunAsync("run", "-p", "six times seven", "--agent", "terse", "--command", "explain-output", "--sandbox", "shaped");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = _claude.Requests.Single();
        Assert.Equal("claude-haiku-5-5", request.Model);
        Assert.Contains("YOU ARE TERSE AND PRECISE.", request.System);
        Assert.Contains("six times seven", request.LastUserText);
        Assert.Contains("Explanation", request.LastUserText);
        // Read as a user would: the workspace is a file system of its own, mounted only while an engine runs.
        var agent = await _home.RunAsync("sandbox", "files", "shaped", ".claude/agents/terse.md");
        var command = await _home.RunAsync("sandbox", "files", "shaped", ".claude/commands/explain-output.md");
        Assert.Contains("YOU ARE TERSE", agent.Stdout);
        Assert.Contains("$ARGUMENTS", command.Stdout);
    }

    [Fact]
    public async Task Server_WithAnAgent_SendsItsRoleAndModel_AsAnEmbeddedRunDoes()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = "sk-ant-test",
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        var agents = Directory.CreateDirectory(Path.Combine(_home.WorkingDirectory, ".claude", "agents")).FullName;
        File.WriteAllText(Path.Combine(agents, "terse.md"), "---\nname: terse\ndescription: Answers tersely.\nmodel: haiku\n---\nYOU ARE TERSE AND PRECISE.\n");
        _claude.EnqueueText("```python\nprint(6 * 7)\n```");

        var result = await _home.RunAsync("run", "-p", "six times seven", "--agent", "terse", "--server", server.Url);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("42", result.Stdout);
        var request = _claude.Requests.Single();
        Assert.Equal("claude-haiku-5-5", request.Model);
        Assert.Contains("YOU ARE TERSE AND PRECISE.", request.System);
        Assert.DoesNotContain("TERSE", request.LastUserText);
        Assert.Contains("six times seven", request.LastUserText);
    }

    [Fact]
    public async Task UnknownAgent_FailsBeforeCallingTheModel()
    {
        var result = await _home.RunAsync("run", "-p", "x", "--agent", "frontend-develper");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Closest: development/frontend-developer", result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    [Fact]
    public async Task NoKey_SaysEveryWayToSetOne()
    {
        _home.Environment.Remove("ANTHROPIC_API_KEY");
        _home.Environment["ANTHROPIC_API_KEY"] = null;

        var result = await _home.RunAsync("run", "-p", "Calculate the 10th Fibonacci number");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("sandcastle: no Anthropic API key.", result.Stderr);
        foreach (var way in new[] { "ANTHROPIC_API_KEY", ".env", "sandcastle secret set ANTHROPIC_API_KEY", "--anthropic-api-key" })
            Assert.Contains(way, result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    [Fact]
    public async Task NoKey_WithJson_PrintsTheErrorAsJsonToo()
    {
        _home.Environment["ANTHROPIC_API_KEY"] = null;

        var result = await _home.RunAsync("run", "-p", "anything", "--json");

        Assert.Equal(3, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["error", "message"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("no Anthropic API key", document.RootElement.GetProperty("message").GetString());
        Assert.StartsWith("sandcastle: no Anthropic API key.", result.Stderr);
    }

    [Fact]
    public async Task Key_ComesFromTheSecretStore_OrADotEnvFile()
    {
        _home.Environment["ANTHROPIC_API_KEY"] = null;
        await _home.RunAsync("secret", "set", "ANTHROPIC_API_KEY", "sk-from-secret-store");
        _claude.EnqueueText("```python\nprint(1)\n```");
        var fromSecret = await _home.RunAsync("run", "-p", "one");
        File.WriteAllText(Path.Combine(_home.WorkingDirectory, ".env"), "ANTHROPIC_API_KEY=sk-from-dotenv\n");
        _claude.EnqueueText("```python\nprint(2)\n```");
        var fromDotEnv = await _home.RunAsync("run", "-p", "two");

        Assert.True(fromSecret.ExitCode == 0, fromSecret.ToString());
        Assert.True(fromDotEnv.ExitCode == 0, fromDotEnv.ToString());
        Assert.Contains("sk-from-secret-store", _claude.Requests[0].Headers.Values.First(v => v.Contains("sk-", StringComparison.Ordinal)));
        Assert.Contains("sk-from-dotenv", _claude.Requests[1].Headers.Values.First(v => v.Contains("sk-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ModelError_ExitsWithTheCause()
    {
        _claude.EnqueueError(401, message: "invalid x-api-key");

        var result = await _home.RunAsync("run", "-p", "anything");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("sandcastle: the model API failed:", result.Stderr);
    }

    [Fact]
    public async Task NoSandbox_SaysWhatSetupInstalls()
    {
        _home.Environment["Sandbox__BubblewrapPath"] = "/nonexistent/bwrap";

        var result = await _home.RunAsync("run", "-p", "anything");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("/nonexistent/bwrap not found", result.Stderr);
        Assert.Contains("scripts/setup", result.Stderr);
        Assert.Empty(_claude.Requests);
    }

    [Fact]
    public async Task Server_StreamsTheSameEvents_AndJsonHasTheSameShape()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = "sk-ant-test",
            ["Generation:BaseUrl"] = _claude.BaseUrl,
        });
        _claude.EnqueueText(FibonacciReply);
        _claude.EnqueueText(FibonacciReply);

        var live = await _home.RunAsync("run", "-p", "Calculate the 10th Fibonacci number", "--server", server.Url);
        _home.Environment["SANDCASTLE_SERVER"] = server.Url;
        var json = await _home.RunAsync("run", "-p", "Calculate the 10th Fibonacci number", "--json");

        Assert.True(live.ExitCode == 0, live.ToString());
        Assert.Contains("for _ in range(10):", live.Stdout);
        Assert.Contains("\n55\n", live.Stdout);
        Assert.Contains("success", live.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("55\n", document.RootElement.GetProperty("output").GetString());
        // The /execute shape, then where the files went (outputDir, files), as embedded.
        Assert.Equal(17, document.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task UnreachableServer_ExitsWithTheCause()
    {
        var result = await _home.RunAsync("run", "-p", "anything", "--server", "http://127.0.0.1:9");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("cannot reach the Sandcastle server at http://127.0.0.1:9/", result.Stderr);
    }

    [Fact]
    public async Task MissingPrompt_WithoutATerminal_ExitsTwo()
    {
        var result = await _home.RunAsync("run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--prompt is required", result.Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
