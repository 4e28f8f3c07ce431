using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ShellSessionApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_keeps_cd_and_export_and_sessions_are_isolated()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/shells", new { env = new Dictionary<string, string> { ["FROM_BOX"] = "box" } }, _ct);
        var one = await CreateSessionAsync("shells");
        var two = await CreateSessionAsync("shells");

        await ExecAsync("shells", one, "cd /tmp");
        Assert.Equal("/tmp\n", (await ExecAsync("shells", one, "pwd")).GetProperty("stdout").GetString());
        await ExecAsync("shells", one, "export A=1; unset FROM_BOX");
        Assert.Equal("1 -\n", (await ExecAsync("shells", one, "echo $A ${FROM_BOX:--}")).GetProperty("stdout").GetString());

        Assert.Equal("/workspace unset box\n", (await ExecAsync("shells", two, "echo $PWD ${A:-unset} $FROM_BOX")).GetProperty("stdout").GetString());
        var plain = await (await _client.PostAsJsonAsync("/v1/sandboxes/shells/exec", new { command = "echo $PWD ${A:-unset}" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("/workspace unset\n", plain.GetProperty("stdout").GetString());

        // Output is passed on exactly, whatever it looks like; 'exit' keeps both its code and the state before it.
        Assert.Equal("no newline", (await ExecAsync("shells", two, "printf 'no newline'")).GetProperty("stdout").GetString());
        var exited = await ExecAsync("shells", two, "mkdir -p d && cd d && export B='two words'; exit 3");
        Assert.Equal(3, exited.GetProperty("exitCode").GetInt32());
        Assert.Equal("/workspace/d two words\n", (await ExecAsync("shells", two, "echo $PWD $B")).GetProperty("stdout").GetString());

        var got = await _client.GetFromJsonAsync<JsonElement>($"/v1/sandboxes/shells/sessions/{one}", _ct);
        Assert.Equal("/tmp", got.GetProperty("cwd").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v1/sandboxes/shells/sessions/{one}", _ct)).StatusCode);
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/shells/exec", new { command = "pwd", sessionId = one }, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/shells/exec", new { command = "pwd", sessionId = two, cwd = "d" }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/shells/sessions/nope", _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Timed_out_or_abandoned_command_is_killed_and_the_session_lives_on()
    {
        var session = await CreateSessionAsync("shell-cancel");
        await ExecAsync("shell-cancel", session, "cd /tmp");

        var timedOut = await ExecAsync("shell-cancel", session, "cd / && sleep 30", timeoutMs: 500);
        Assert.Equal("timeout", timedOut.GetProperty("reason").GetString());
        Assert.Contains("keeps its previous directory", timedOut.GetProperty("message").GetString(), StringComparison.Ordinal);

        using (var stream = await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/shell-cancel/exec", new { command = "cd / && echo going && sleep 30", sessionId = session }), HttpCompletionOption.ResponseHeadersRead, _ct))
        {
            await foreach (var (name, data) in Sse.ReadAsync(stream))
            {
                if (name == "stdout")
                {
                    Assert.Equal("going\n", data.GetProperty("data").GetString());
                    break; // walk away mid-command
                }
            }
        }

        // The abandoned command is killed; until then the session says it is busy.
        for (var attempt = 0; ; attempt++)
        {
            var response = await _client.PostAsJsonAsync("/v1/sandboxes/shell-cancel/exec", new { command = "pwd", sessionId = session }, _ct);
            if (response.StatusCode == HttpStatusCode.Conflict && attempt < 100)
            {
                await Task.Delay(50, _ct);
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/tmp\n", (await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("stdout").GetString());
            break;
        }
    }

    private async Task<string> CreateSessionAsync(string sandbox)
    {
        await _client.PutAsync($"/v1/sandboxes/{sandbox}", null, _ct);
        var created = await _client.PostAsync($"/v1/sandboxes/{sandbox}/sessions", null, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ExecAsync(string sandbox, string session, string command, long? timeoutMs = null)
    {
        var response = await _client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/exec", new { command, sessionId = session, timeoutMs }, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
    }
}
