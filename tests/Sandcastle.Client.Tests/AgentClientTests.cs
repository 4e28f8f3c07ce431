using System.Text.Json;
using Sandcastle.Client.Sandboxes;
using Sandcastle.Testing;

namespace Sandcastle.Client.Tests;

/// <summary>Agent runs through the client: the real Claude Code in a real sandbox, its model the scripted fake.</summary>
public sealed class AgentClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agent_run_streams_typed_events_to_its_result_and_answers_json_with_its_events()
    {
        fixture.Model.Responder = EchoThenDone;
        var sandbox = await _client.GetSandboxAsync("cl-agent", _ct);

        var events = new List<AgentEvent>();
        await foreach (var e in sandbox.RunAgentStreamAsync(new AgentRunRequest("Echo something") { MaxTurns = 5 }, _ct))
            events.Add(e);
        Assert.Equal("start", events[0].Type);
        Assert.False(string.IsNullOrEmpty(events[0].RunId));
        Assert.Contains(events, e => e.Type == "init" && e.Cwd == "/workspace" && e.SessionId is { Length: > 0 });
        var toolUse = Assert.Single(events, e => e.Type == "tool_use");
        Assert.Equal(("Bash", "echo from-the-agent"), (toolUse.Tool, toolUse.Target));
        Assert.Equal("echo from-the-agent", toolUse.Input!.Value.GetProperty("command").GetString());
        Assert.Contains("from-the-agent", Assert.Single(events, e => e.Type == "tool_result").Content);
        var result = events[^1];
        Assert.Equal(("result", true, "completed", "all done"), (result.Type, result.Success, result.Reason, result.Result));
        Assert.Equal(2, result.Turns);

        var answered = await sandbox.RunAgentAsync(new AgentRunRequest("Once more") { Resume = "last", Timeout = TimeSpan.FromMinutes(2) }, _ct);
        Assert.Equal(("result", true), (answered.Type, answered.Success));
        Assert.Equal(result.SessionId, answered.SessionId);
        Assert.Contains(answered.Events!, e => e.Type == "tool_use" && e.Tool == "Bash");
    }

    [Fact]
    public async Task Bad_agent_requests_are_api_errors_before_any_event()
    {
        var sandbox = await _client.GetSandboxAsync("cl-agent-bad", _ct);
        var empty = await Assert.ThrowsAsync<SandcastleApiException>(async () =>
        {
            await foreach (var _ in sandbox.RunAgentStreamAsync(new AgentRunRequest(" "), _ct))
            {
            }
        });
        Assert.Equal((400, "bad_request"), (empty.StatusCode, empty.Code));
        await sandbox.DeleteAsync(_ct);
        var gone = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.RunAgentAsync(new AgentRunRequest("hi"), _ct));
        Assert.Equal((404, "not_found"), (gone.StatusCode, gone.Code));
    }

    /// <summary>First turn of a conversation: run Bash; after its result: say "all done". Side requests (no tools): a title.</summary>
    private static FakeReply EchoThenDone(RecordedRequest request)
    {
        if (!request.Body.Contains("\"tools\"", StringComparison.Ordinal))
            return FakeReply.WithText("A title");
        return request.Messages[^1].ToolResults.Length == 0
            ? FakeReply.WithTools(new FakeToolUse("Bash", JsonSerializer.Serialize(new { command = "echo from-the-agent", description = "echo" })))
            : FakeReply.WithText("all done");
    }
}
