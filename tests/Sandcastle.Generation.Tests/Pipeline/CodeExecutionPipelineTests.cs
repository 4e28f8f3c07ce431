using System.Diagnostics;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;
using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests.Pipeline;

public sealed class CodeExecutionPipelineTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private PipelineHarness _harness = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FakeAnthropicServer Server => _harness.Server;

    public async ValueTask InitializeAsync() => _harness = await PipelineHarness.StartAsync(fixture, Token);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Run_FencedPython_StreamsEventsAndSucceeds()
    {
        const string reply = "This computes it.\n\n```python\nprint(sum(range(1, 101)))\n```\n";
        Server.Enqueue(FakeReply.WithText(reply, chunks: 4) with { InputTokens = 30, OutputTokens = 12 });

        var events = await _harness.CollectAsync(new ExecutionRequest("Sum 1..100", SandboxLanguage.Python), Token);

        Assert.IsType<PipelineStarted>(events[0]);
        Assert.Equal(reply, string.Concat(events.OfType<PipelineCodeDelta>().Select(d => d.Text)));
        Assert.Equal(new PipelineCode(1, "print(sum(range(1, 101)))\n"), Assert.Single(events.OfType<PipelineCode>()));
        Assert.Equal("5050\n", string.Concat(events.OfType<PipelineOutput>().Where(o => o.Stream == OutputStream.Stdout).Select(o => o.Text)));
        Assert.Single(events.OfType<PipelineAttemptCompleted>());
        var result = Assert.IsType<PipelineCompleted>(events[^1]).Result;
        Assert.True(result.Success);
        Assert.Equal("Sum 1..100", result.Question);
        Assert.Equal("5050\n", result.Output);
        Assert.Null(result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("exited", result.Reason);
        Assert.Equal("claude-test-model", result.Model);
        Assert.Equal(new TokenUsage(30, 12), result.Usage);
        Assert.Single(result.Attempts);
        Assert.True(result.ExecutionTime >= result.ExecutionMs);
    }

    [Fact]
    public async Task Run_SendsLanguagePromptRoleAndQuestion()
    {
        Server.EnqueueText("```bash\necho hi\n```");

        await _harness.Pipeline.ExecuteAsync(
            new ExecutionRequest("Say hi", SandboxLanguage.Bash) { Role = "You are ROLE-MARKER.", MaxTokens = 999, Model = "claude-other" }, Token);

        var request = Assert.Single(Server.Requests);
        Assert.Contains("Bash", request.System, StringComparison.Ordinal);
        Assert.Contains("You are ROLE-MARKER.", request.System, StringComparison.Ordinal);
        Assert.Equal("Say hi", Assert.Single(request.Messages).Text);
        Assert.Equal(999, request.MaxTokens);
        Assert.Equal("claude-other", request.Model);
    }

    [Fact]
    public async Task Run_BareJavaScript_Succeeds()
    {
        Server.EnqueueText("const xs = [3, 1, 2];\nconsole.log(xs.sort().join(','));\n");

        var result = await _harness.Pipeline.ExecuteAsync(new ExecutionRequest("Sort", SandboxLanguage.JavaScript), Token);

        Assert.True(result.Success, result.Error);
        Assert.Equal("1,2,3\n", result.Output);
    }

    [Fact]
    public async Task Run_ReplyWithoutCode_CompletesWithNoCodeError()
    {
        Server.EnqueueText("I cannot answer that without more details.");

        var result = await _harness.Pipeline.ExecuteAsync(new ExecutionRequest("Huh?", SandboxLanguage.Python) { MaxAttempts = 1 }, Token);

        Assert.False(result.Success);
        Assert.Equal("no_code", result.Reason);
        Assert.Null(result.Code);
        Assert.Null(result.ExitCode);
        Assert.Contains("I cannot answer that without more details.", result.Error, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Run_ReplyWithoutCode_AsksAgainWhenAttemptsRemain()
    {
        Server.EnqueueText("Let me think about it.").EnqueueText("```python\nprint('second')\n```");

        var result = await _harness.Pipeline.ExecuteAsync(new ExecutionRequest("Go", SandboxLanguage.Python) { MaxAttempts = 2 }, Token);

        Assert.True(result.Success, result.Error);
        Assert.Equal(["no_code", "exited"], result.Attempts.Select(a => a.Reason));
        Assert.Contains("```python", Server.Requests[1].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailingProgram_IsFixedOnSecondAttempt_WithItsStderrSentBack()
    {
        const string broken = "values = [1, 2, 3]\nprint(values[10])";
        Server.Enqueue(FakeReply.WithText($"```python\n{broken}\n```") with { InputTokens = 100, OutputTokens = 10 });
        Server.Enqueue(FakeReply.WithText("```python\nvalues = [1, 2, 3]\nprint(values[-1])\n```") with { InputTokens = 200, OutputTokens = 20 });

        var events = await _harness.CollectAsync(new ExecutionRequest("Last value", SandboxLanguage.Python) { MaxAttempts = 3 }, Token);

        var result = Assert.IsType<PipelineCompleted>(events[^1]).Result;
        Assert.True(result.Success, result.Error);
        Assert.Equal("3\n", result.Output);
        Assert.Equal(2, result.Attempts.Count);
        var first = result.Attempts[0];
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("IndexError", first.Error, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(300, 30), result.Usage);
        Assert.Equal([1, 2], events.OfType<PipelineCode>().Select(c => c.Attempt));

        var second = Server.Requests[1];
        Assert.Equal(["user", "assistant", "user"], second.Messages.Select(m => m.Role));
        Assert.Contains("IndexError: list index out of range", second.LastUserText, StringComparison.Ordinal);
        Assert.Contains(broken, second.LastUserText, StringComparison.Ordinal);
        Assert.Contains("exited with code 1", second.LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailingEveryAttempt_ReportsTheLastFailure()
    {
        Server.EnqueueText("```python\nraise SystemExit(3)\n```").EnqueueText("```python\nimport sys\nsys.exit(4)\n```");

        var result = await _harness.Pipeline.ExecuteAsync(new ExecutionRequest("Fail", SandboxLanguage.Python) { MaxAttempts = 2 }, Token);

        Assert.False(result.Success);
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("it exited with code 4", result.Error);
        Assert.Equal([3, 4], result.Attempts.Select(a => a.ExitCode));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Run_Timeout_IsAFailureWithTheTimeoutReason()
    {
        Server.EnqueueText("```python\nimport time\ntime.sleep(30)\n```");
        var watch = Stopwatch.StartNew();

        var result = await _harness.Pipeline.ExecuteAsync(
            new ExecutionRequest("Sleep", SandboxLanguage.Python) { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(1) }, Token);

        Assert.False(result.Success);
        Assert.Equal("timeout", result.Reason);
        Assert.Contains("timed out after 1 s", result.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Run_CancelledWhileModelStreams_StopsTheModelCall()
    {
        Server.Enqueue(FakeReply.WithText("```python\n" + new string('#', 200) + "\nprint(1)\n```", chunks: 60).Slow(TimeSpan.FromMilliseconds(100)));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var deltas = 0;
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in _harness.Pipeline.RunAsync(new ExecutionRequest("Slow", SandboxLanguage.Python), cancellation.Token))
            {
                if (item is PipelineCodeDelta && ++deltas == 2)
                    await cancellation.CancelAsync();
                Assert.IsNotType<PipelineCode>(item);
            }
        });

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        await Server.ClientDisconnected.WaitAsync(TimeSpan.FromSeconds(5), Token);
        Assert.Equal(0, Server.CompletedStreams);
    }

    [Fact]
    public async Task Run_CancelledWhileProgramRuns_StopsTheProgram()
    {
        Server.EnqueueText("```python\nimport time\nprint('started', flush=True)\ntime.sleep(30)\nprint('finished')\n```");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var watch = Stopwatch.StartNew();
        var outputs = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in _harness.Pipeline.RunAsync(new ExecutionRequest("Sleep", SandboxLanguage.Python), cancellation.Token))
            {
                if (item is PipelineOutput output)
                {
                    outputs.Add(output.Text);
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.StartsWith("started", string.Concat(outputs), StringComparison.Ordinal);
        Assert.DoesNotContain("finished", string.Concat(outputs), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
