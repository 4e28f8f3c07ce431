using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sandbox;
using Sandcastle.Server.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Execute;

public sealed class ExecuteStreamTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventStream_GoesStartCodeDeltasCodeStdoutComplete()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.Enqueue(FakeReply.WithText("```python\nimport sys\nprint('out')\nprint('err', file=sys.stderr)\n```", chunks: 6));

        var events = await harness.StreamAllAsync(new { question = "Print to both" });
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();

        Assert.Equal("start", types[0]);
        Assert.Equal("complete", types[^1]);
        Assert.Equal(6, types.Count(t => t == "code_delta"));
        var code = types.IndexOf("code");
        Assert.True(types.LastIndexOf("code_delta") < code, string.Join(",", types));
        Assert.True(code < types.IndexOf("stdout"), string.Join(",", types));
        Assert.True(code < types.IndexOf("stderr"), string.Join(",", types));
        Assert.DoesNotContain("error", types);

        Assert.Equal("Print to both", events[0].GetProperty("question").GetString());
        Assert.Equal("python", events[0].GetProperty("language").GetString());
        var deltas = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "code_delta").Select(e => e.GetProperty("text").GetString()));
        Assert.StartsWith("```python", deltas);
        Assert.Contains("print('out')", events[code].GetProperty("code").GetString());
        Assert.Equal("out\n", Text(events, "stdout"));
        Assert.Equal("err\n", Text(events, "stderr"));

        var complete = events[^1];
        Assert.True(complete.GetProperty("success").GetBoolean());
        Assert.Equal("out\n", complete.GetProperty("output").GetString());
        Assert.Equal(events[0].GetProperty("sandboxId").GetString(), complete.GetProperty("sandboxId").GetString());
        foreach (var field in new[] { "question", "code", "error", "executionTime", "language", "exitCode", "reason", "generationMs", "executionMs", "model", "usage", "attempts" })
            Assert.True(complete.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task StreamTrueInTheBody_AlsoStreams()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("print(6 * 7)");

        using var response = await harness.Client.PostAsync("/execute", ExecuteHarness.Json(new { question = "6*7", stream = true }), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"type\":\"start\"", text);
        Assert.Contains("\"type\":\"complete\"", text);
        Assert.Contains("\"output\":\"42\\n\"", text);
    }

    [Fact]
    public async Task SelfCorrection_StreamsBothAttempts()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```python\nraise SystemExit(3)\n```");
        harness.Model.EnqueueText("```python\nprint('second')\n```");

        var events = await harness.StreamAllAsync(new { question = "Try twice" });

        var attempts = events.Where(e => e.GetProperty("type").GetString() == "attempt").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(3, attempts[0].GetProperty("exitCode").GetInt32());
        Assert.Equal([1, 2], events.Where(e => e.GetProperty("type").GetString() == "code").Select(e => e.GetProperty("attempt").GetInt32()));
        Assert.Equal(2, events[^1].GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task ModelFailure_EndsTheStreamWithAnErrorEvent()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueError(401);

        var events = await harness.StreamAllAsync(new { question = "Hi" });

        Assert.Equal(["start", "error"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("Anthropic API key rejected", events[1].GetProperty("error").GetString());
        Assert.Equal(502, events[1].GetProperty("status").GetInt32());
        Assert.DoesNotContain(ExecuteHarness.ApiKey, events[1].ToString());
    }

    [Fact]
    public async Task ClientLeavingDuringGeneration_CancelsTheModelCall()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.Enqueue(FakeReply.WithText("print('never runs')  # " + new string('x', 200), chunks: 100).Slow(TimeSpan.FromMilliseconds(100)));

        using (var leave = CancellationTokenSource.CreateLinkedTokenSource(Cancellation))
        {
            await foreach (var item in harness.StreamAsync(new { question = "Slow" }, leave.Token))
            {
                if (item.GetProperty("type").GetString() == "code_delta")
                    break;
            }
        }

        await harness.Model.ClientDisconnected.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.Equal(0, harness.Model.CompletedStreams);
    }

    [Fact]
    public async Task ClientLeavingDuringExecution_KillsTheSandboxedProcess()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("""
            ```python
            import time
            n = 0
            print('started', flush=True)
            while True:
                n += 1
                open('marker.txt', 'w').write(str(n))
                time.sleep(0.1)
            ```
            """);
        var engine = harness.Server.Services.GetRequiredService<SandboxEngine>();

        await foreach (var item in harness.StreamAsync(new { question = "Loop forever", sandboxId = "abandoned", timeout = 60000 }, Cancellation))
        {
            if (item.GetProperty("type").GetString() == "stdout")
                break;
        }

        var marker = Path.Combine(engine.Find("abandoned")!.WorkspacePath, "marker.txt");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (engine.Find("abandoned")!.RunningProcesses.Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50, Cancellation);
        Assert.Empty(engine.Find("abandoned")!.RunningProcesses);
        var stopped = await File.ReadAllTextAsync(marker, Cancellation);
        await Task.Delay(500, Cancellation);
        Assert.Equal(stopped, await File.ReadAllTextAsync(marker, Cancellation));
    }

    private static string Text(List<JsonElement> events, string type) =>
        string.Concat(events.Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("text").GetString()));
}
