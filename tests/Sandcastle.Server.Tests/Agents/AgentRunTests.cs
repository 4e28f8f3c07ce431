using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;
using Sandcastle.Testing;
using static Sandcastle.Server.Tests.Agents.AgentHarness;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>Claude Code really runs in a sandbox against the scripted fake: tools, streaming, limits, resume, cancel.</summary>
public sealed class AgentRunTests(AgentHarness harness) : IClassFixture<AgentHarness>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private FakeAnthropicServer Model => harness.Execute.Model;

    [Fact]
    public async Task Claude_Code_writes_and_runs_fib_through_the_relay_and_streams_each_step()
    {
        await harness.CreateSandboxAsync("agent-fib");
        Model.Responder = AgentScripts.Fib;
        var before = Model.Requests.Count;

        var events = await harness.RunAsync("agent-fib", new { prompt = "Write fib.py printing fib(10) and run it." });

        var types = events.Select(Type).ToList();
        Assert.Equal("start", types[0]);
        Assert.Equal("init", types[1]);
        var write = types.IndexOf("tool_use");
        var bash = types.FindIndex(write + 1, t => t == "tool_use");
        Assert.True(write > 1 && bash > write, string.Join(",", types));
        Assert.Equal("Write", Str(events[write], "tool"));
        Assert.Equal("/workspace/fib.py", Str(events[write], "target"));
        Assert.Equal("Bash", Str(events[bash], "tool"));
        Assert.Equal("python3 /workspace/fib.py", Str(events[bash], "target"));
        Assert.Contains(events.Skip(bash + 1), e => Type(e) == "tool_result" && Str(e, "content")!.Contains("55"));
        var text = string.Concat(events.Skip(bash + 1).Where(e => Type(e) == "text").Select(e => Str(e, "text")));
        Assert.Equal("fib(10) is 55.", text);
        var result = events[^1];
        Assert.True(result.GetProperty("success").GetBoolean(), result.ToString());
        Assert.Equal("completed", Str(result, "reason"));
        Assert.Equal("fib(10) is 55.", Str(result, "result"));
        Assert.True(result.GetProperty("turns").GetInt64() >= 3);
        Assert.True(result.GetProperty("inputTokens").GetInt64() >= 30, result.ToString());
        Assert.True(result.GetProperty("outputTokens").GetInt64() >= 60, result.ToString());
        Assert.False(string.IsNullOrEmpty(Str(result, "sessionId")));

        using var file = await harness.Client.GetAsync("/v1/sandboxes/agent-fib/files/fib.py", _ct);
        var source = await file.Content.ReadAsStringAsync(_ct);
        Assert.Contains("print(fib(10))", source);

        var seen = Model.Requests.Skip(before).Where(r => r.Body.Contains("\"tools\"")).ToList();
        Assert.True(seen.Count >= 3);
        Assert.Contains(seen, r => r.LastToolResults.Contains("55"));
        Assert.All(Model.Requests.Skip(before), r => Assert.Equal(ExecuteHarness.ApiKey, r.Headers["x-api-key"]));

        using var stats = JsonDocument.Parse(await harness.Client.GetStringAsync("/v1/stats", _ct));
        var usage = stats.RootElement.GetProperty("agents").GetProperty("usage").EnumerateArray().Single(u => Str(u, "sandbox") == "agent-fib");
        Assert.True(usage.GetProperty("turns").GetInt64() >= 3);
        Assert.Equal(result.GetProperty("outputTokens").GetInt64(), usage.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task Json_answer_is_the_result_with_its_events()
    {
        await harness.CreateSandboxAsync("agent-json");
        Model.Responder = AgentScripts.Say("plain answer");
        using var response = await harness.Client.PostAsJsonAsync("/v1/sandboxes/agent-json/agent", new { prompt = "hi" }, _ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("result", Str(body, "type"));
        Assert.Equal("plain answer", Str(body, "result"));
        Assert.Contains(body.GetProperty("events").EnumerateArray(), e => Type(e) == "init");
    }

    [Fact]
    public async Task Resume_last_continues_the_conversation()
    {
        await harness.CreateSandboxAsync("agent-resume");
        Model.Responder = AgentScripts.Say("noted");
        var first = await harness.RunAsync("agent-resume", new { prompt = "Remember the word pelican-7." });
        Model.Responder = AgentScripts.Say("it was pelican-7");
        var before = Model.Requests.Count;

        var second = await harness.RunAsync("agent-resume", new { prompt = "Which word?", resume = "last" });

        Assert.True(second[^1].GetProperty("success").GetBoolean(), second[^1].ToString());
        var request = Model.Requests.Skip(before).First(r => r.Body.Contains("\"tools\""));
        Assert.Contains(request.Messages, m => m.Role == "user" && m.Text.Contains("pelican-7"));
        Assert.Equal("Which word?", request.Messages.Last(m => m.Role == "user").Text.Trim());
        Assert.Equal(Str(first[^1], "sessionId"), Str(second[^1], "sessionId"));
    }

    [Fact]
    public async Task A_run_over_its_turn_limit_stops_with_max_turns()
    {
        await harness.CreateSandboxAsync("agent-turns");
        Model.Responder = AgentScripts.Forever;
        var events = await harness.RunAsync("agent-turns", new { prompt = "loop", maxTurns = 2 });
        var result = events[^1];
        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.True(Str(result, "reason") == "max_turns", result.ToString());
        Assert.Contains("2", Str(result, "message"));
    }

    [Fact]
    public async Task A_run_over_its_token_limit_is_stopped_by_the_relay()
    {
        await harness.CreateSandboxAsync("agent-tokens");
        Model.Responder = AgentScripts.Forever;
        var before = Model.Requests.Count(r => r.Body.Contains("\"tools\""));
        // Each fake turn reports 10 input and 20 output tokens: the third request finds 60 spent and is refused.
        var events = await harness.RunAsync("agent-tokens", new { prompt = "loop", maxTokens = 50, maxTurns = 20 });
        var result = events[^1];
        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.True(Str(result, "reason") == "max_tokens", result.ToString());
        Assert.Equal(2, Model.Requests.Count(r => r.Body.Contains("\"tools\"")) - before);
    }

    [Fact]
    public async Task Bad_token_at_the_relay_is_401_and_nothing_is_forwarded()
    {
        var before = Model.Requests.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/model-relay/v1/messages")
        {
            Content = JsonContent.Create(new { model = "claude-x", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Add("x-api-key", "sc-run-0123456789abcdef0123456789abcdef0123456789abcdef");
        using var response = await harness.Client.SendAsync(request, _ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(before, Model.Requests.Count);

        using var none = await harness.Client.PostAsJsonAsync("/model-relay/v1/messages", new { model = "claude-x" }, _ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(before, Model.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_the_stream_kills_the_whole_tree()
    {
        await harness.CreateSandboxAsync("agent-cancel");
        Model.Responder = AgentScripts.Bash("python3 -c 'import time; time.sleep(31417)'");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in harness.StreamAsync("agent-cancel", new { prompt = "cancel-me-31417" }, cancel.Token))
            {
                if (Type(e) == "tool_use")
                {
                    // Let the Bash tool start its sleep, then go away.
                    await WaitForAsync(() => HostProcesses.WithCommandLineContaining("time.sleep(31417)").Count > 0, TimeSpan.FromSeconds(60));
                    Assert.NotEmpty(HostProcesses.WithCommandLineContaining("time.sleep(31417)"));
                    cancel.Cancel();
                }
            }
        });
        await WaitForAsync(() => HostProcesses.WithCommandLineContaining("time.sleep(31417)").Count == 0 && HostProcesses.WithCommandLineContaining("cancel-me-31417").Count == 0, TimeSpan.FromSeconds(30));
        Assert.Empty(HostProcesses.WithCommandLineContaining("time.sleep(31417)"));
        Assert.Empty(HostProcesses.WithCommandLineContaining("cancel-me-31417"));
        // The run leaves the running list once its tree is reaped, a moment after the processes are gone.
        async Task<int> RunningAgents()
        {
            using var stats = JsonDocument.Parse(await harness.Client.GetStringAsync("/v1/stats", _ct));
            return stats.RootElement.GetProperty("agents").GetProperty("running").GetArrayLength();
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await RunningAgents() > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100, _ct);
        Assert.Equal(0, await RunningAgents());
    }

    [Fact]
    public async Task Bad_requests_are_400_with_a_message()
    {
        await harness.CreateSandboxAsync("agent-bad");
        foreach (var body in new object[]
        {
            new { prompt = "" },
            new { prompt = "x", maxTurns = 0 },
            new { prompt = "x", agent = "../etc" },
            new { prompt = "x", agent = "a", command = "b" },
            new { prompt = "x", resume = "not a session" },
            new { prompt = "x", agent = "nowhere" },
        })
        {
            using var response = await harness.Client.PostAsJsonAsync("/v1/sandboxes/agent-bad/agent", body, _ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
            Assert.False(string.IsNullOrEmpty(Str(error, "message")));
        }
        using var missing = await harness.Client.PostAsJsonAsync("/v1/sandboxes/agent-none/agent", new { prompt = "x" }, _ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    internal static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < until)
            await Task.Delay(100, TestContext.Current.CancellationToken);
    }
}
