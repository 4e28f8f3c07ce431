using System.Net.Http.Json;
using static Sandcastle.Server.Tests.Agents.AgentHarness;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>Subagents and slash commands reach Claude Code: sent with the request, or already in the workspace's .claude/.</summary>
public sealed class AgentComponentTests(AgentHarness harness) : IClassFixture<AgentHarness>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sent_subagent_is_installed_and_offered_to_the_model()
    {
        await harness.CreateSandboxAsync("comp-agent");
        harness.Execute.Model.Responder = AgentScripts.Say("ok");
        var before = harness.Execute.Model.Requests.Count;
        const string definition = "---\nname: fib-helper\ndescription: Computes Fibonacci numbers, marker zebra-4711\n---\nYou compute Fibonacci numbers.\n";

        var events = await harness.RunAsync("comp-agent", new { prompt = "fib(10)?", agent = "fib-helper", agentDefinition = definition });

        Assert.True(events[^1].GetProperty("success").GetBoolean(), events[^1].ToString());
        Assert.Contains(events, e => Type(e) == "init" && e.GetProperty("agents").EnumerateArray().Any(a => a.GetString() == "fib-helper"));
        var request = harness.Execute.Model.Requests.Skip(before).First(r => r.Body.Contains("\"tools\""));
        Assert.Contains("zebra-4711", request.Body);
        Assert.Contains("Use the fib-helper subagent", request.LastUserText);
        Assert.Equal(definition, await harness.Client.GetStringAsync("/v1/sandboxes/comp-agent/files/.claude/agents/fib-helper.md", _ct));
    }

    [Fact]
    public async Task A_project_command_in_the_workspace_runs_as_a_slash_command_with_the_prompt_as_arguments()
    {
        await harness.CreateSandboxAsync("comp-command");
        using var put = await harness.Client.PutAsJsonAsync("/v1/sandboxes/comp-command/files/.claude/commands/greet.md",
            new { content = "---\ndescription: Greets\n---\nGreet $ARGUMENTS warmly, marker quokka-2718.\n" }, _ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(_ct));
        harness.Execute.Model.Responder = AgentScripts.Say("hello");
        var before = harness.Execute.Model.Requests.Count;

        var events = await harness.RunAsync("comp-command", new { prompt = "the reviewers", command = "greet" });

        Assert.True(events[^1].GetProperty("success").GetBoolean(), events[^1].ToString());
        var request = harness.Execute.Model.Requests.Skip(before).First(r => r.Body.Contains("\"tools\""));
        Assert.Contains("Greet the reviewers warmly, marker quokka-2718.", request.Body);
    }
}
