using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ExecApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exec_returns_output_exit_code_and_reason()
    {
        await _client.PutAsync("/v1/sandboxes/exec-json", null, _ct);
        var response = await _client.PostAsJsonAsync("/v1/sandboxes/exec-json/exec", new { command = "mkdir -p d; cd d; cat; echo oops >&2; exit 3", stdin = "in" }, _ct);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.False(run.GetProperty("success").GetBoolean());
        Assert.Equal(3, run.GetProperty("exitCode").GetInt32());
        Assert.Equal("in", run.GetProperty("stdout").GetString());
        Assert.Equal("oops\n", run.GetProperty("stderr").GetString());
        Assert.Equal("exited", run.GetProperty("reason").GetString());
        Assert.True(run.GetProperty("duration").GetDouble() > 0);

        var cwd = await (await _client.PostAsJsonAsync("/v1/sandboxes/exec-json/exec", new { command = "pwd", cwd = "d" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("/workspace/d\n", cwd.GetProperty("stdout").GetString());

        var slow = await (await _client.PostAsJsonAsync("/v1/sandboxes/exec-json/exec", new { command = "sleep 5", timeoutMs = 300 }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("timeout", slow.GetProperty("reason").GetString());

        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/exec-json/exec", new { command = "" }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/exec-json/exec", new { command = "true", cwd = "../x" }, _ct), HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Exec_streams_start_output_then_complete()
    {
        await _client.PutAsync("/v1/sandboxes/exec-sse", null, _ct);
        using var response = await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/exec-sse/exec", new { command = "echo one; echo two >&2; exit 0" }), HttpCompletionOption.ResponseHeadersRead, _ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Event, JsonElement Data)>();
        await foreach (var e in Sse.ReadAsync(response))
            events.Add(e);
        Assert.Equal("start", events[0].Event);
        Assert.Contains(events, e => e.Event == "stdout" && e.Data.GetProperty("data").GetString() == "one\n");
        Assert.Contains(events, e => e.Event == "stderr" && e.Data.GetProperty("data").GetString() == "two\n");
        Assert.Equal("complete", events[^1].Event);
        Assert.Equal("complete", events[^1].Data.GetProperty("type").GetString());
        Assert.Equal(0, events[^1].Data.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Stream_whose_process_is_killed_ends_with_error()
    {
        await _client.PutAsync("/v1/sandboxes/exec-kill", null, _ct);
        using var response = await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/exec-kill/exec", new { command = "echo ready; sleep 600" }), HttpCompletionOption.ResponseHeadersRead, _ct);
        var events = new List<string>();
        var pid = 0;
        await foreach (var (name, data) in Sse.ReadAsync(response))
        {
            events.Add(name);
            if (name == "start")
            {
                // Kill the launcher from outside, as a crash or an operator would; the tree must go with it.
                pid = data.GetProperty("pid").GetInt32();
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
        }
        var leftovers = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Where(n => int.TryParse(n, out _) && File.Exists($"/proc/{n}/cmdline")
                && File.ReadAllText($"/proc/{n}/cmdline").Contains("exec-kill/workspace", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(leftovers);
        Assert.Equal("start", events[0]);
        Assert.Equal("error", events[^1]);
        Assert.DoesNotContain("complete", events);
    }

    [Fact]
    public async Task Client_leaving_a_stream_kills_its_process()
    {
        await _client.PutAsync("/v1/sandboxes/exec-leave", null, _ct);
        var response = await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/exec-leave/exec", new { command = "sleep 600" }), HttpCompletionOption.ResponseHeadersRead, _ct);
        var reader = Sse.ReadAsync(response).GetAsyncEnumerator(_ct);
        Assert.True(await reader.MoveNextAsync());
        var pid = reader.Current.Data.GetProperty("pid").GetInt32();
        await reader.DisposeAsync();
        response.Dispose();
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
            await Task.Delay(50, _ct);
        Assert.False(Directory.Exists($"/proc/{pid}"), "the abandoned execution still runs");
    }

    [Fact]
    public async Task Client_leaving_a_json_exec_kills_its_process()
    {
        await _client.PutAsync("/v1/sandboxes/exec-leave-json", null, _ct);
        // A duration no other test sleeps for: its process is found on the host by its command line.
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var request = _client.PostAsJsonAsync("/v1/sandboxes/exec-leave-json/exec", new { command = "sleep 6137" }, leaving.Token);
        IReadOnlyList<int> running = [];
        for (var i = 0; i < 200 && running.Count == 0; i++)
        {
            running = HostProcesses.WithCommandLineContaining("sleep 6137");
            await Task.Delay(25, _ct);
        }
        Assert.NotEmpty(running);
        var pid = running[0];
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
            await Task.Delay(50, _ct);
        Assert.False(Directory.Exists($"/proc/{pid}"), "the abandoned execution still runs");
    }

    [Fact]
    public async Task Unknown_sandbox_stream_is_a_plain_404()
    {
        using var response = await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/exec-none/exec", new { command = "true" }), _ct);
        await SandboxesApiTests.AssertError(response, HttpStatusCode.NotFound, "not_found");
    }
}
