using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ProcessApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killed_process_tree_leaves_nothing_behind_and_its_stream_ends_with_exit()
    {
        await _client.PutAsync("/v1/sandboxes/procs", null, _ct);
        // A tree: a daemonised child and a grandchild, both printing.
        var start = await _client.PostAsJsonAsync("/v1/sandboxes/procs/processes", new { command = "setsid sh -c 'sleep 600' & echo started; while true; do sleep 0.05; done", processId = "server" }, _ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var started = await start.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("server", started.GetProperty("id").GetString());
        Assert.Equal("running", started.GetProperty("status").GetString());
        var pid = started.GetProperty("pid").GetInt32();

        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/procs/processes", new { command = "true", processId = "server" }, _ct), HttpStatusCode.Conflict, "conflict");
        await WaitForLogAsync("server", "started\n");
        var list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/procs/processes", _ct);
        Assert.Contains(list.GetProperty("processes").EnumerateArray(), p => p.GetProperty("id").GetString() == "server");
        var descendants = Descendants(pid);
        Assert.True(descendants.Count >= 3, $"expected a process tree, saw {descendants.Count} processes");

        using var stream = await _client.SendAsync(Sse.Request(HttpMethod.Get, "/v1/sandboxes/procs/processes/server/stream"), HttpCompletionOption.ResponseHeadersRead, _ct);
        var reader = Sse.ReadAsync(stream).GetAsyncEnumerator(_ct);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(("stdout", "started\n"), (reader.Current.Event, reader.Current.Data.GetProperty("data").GetString()));

        var killed = await _client.DeleteAsync("/v1/sandboxes/procs/processes/server", _ct);
        Assert.Equal("killed", (await killed.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("status").GetString());
        while (await reader.MoveNextAsync() && reader.Current.Event != "exit")
        {
        }
        Assert.Equal("exit", reader.Current.Event);
        // Killed by then; the launcher's own process may take a moment more to be reaped (a zombie keeps /proc/pid).
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (descendants.Append(pid).Any(p => Directory.Exists($"/proc/{p}")) && DateTime.UtcNow < deadline)
            await Task.Delay(20, _ct);
        Assert.All(descendants.Append(pid), p => Assert.False(Directory.Exists($"/proc/{p}"), $"pid {p} survived"));
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/procs/processes/server", _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Finished_process_reports_status_and_logs()
    {
        await _client.PutAsync("/v1/sandboxes/procs-done", null, _ct);
        var start = await _client.PostAsJsonAsync("/v1/sandboxes/procs-done/processes", new { command = "echo out; echo err >&2; exit 2" }, _ct);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString();
        using var stream = await _client.SendAsync(Sse.Request(HttpMethod.Get, $"/v1/sandboxes/procs-done/processes/{id}/stream"), HttpCompletionOption.ResponseHeadersRead, _ct);
        var events = new List<(string Event, JsonElement Data)>();
        await foreach (var e in Sse.ReadAsync(stream))
            events.Add(e);
        Assert.Equal("exit", events[^1].Event);
        Assert.Equal(2, events[^1].Data.GetProperty("exitCode").GetInt32());
        var process = await _client.GetFromJsonAsync<JsonElement>($"/v1/sandboxes/procs-done/processes/{id}", _ct);
        Assert.Equal("failed", process.GetProperty("status").GetString());
        var logs = await _client.GetFromJsonAsync<JsonElement>($"/v1/sandboxes/procs-done/processes/{id}/logs", _ct);
        Assert.Equal("out\n", logs.GetProperty("stdout").GetString());
        Assert.Equal("err\n", logs.GetProperty("stderr").GetString());
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/procs-done/processes/nope/logs", _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/procs-done/processes", new { command = "true", processId = "Bad Id" }, _ct), HttpStatusCode.BadRequest, "bad_request");
    }

    private async Task WaitForLogAsync(string id, string text)
    {
        for (var i = 0; i < 100; i++)
        {
            var logs = await _client.GetFromJsonAsync<JsonElement>($"/v1/sandboxes/procs/processes/{id}/logs", _ct);
            if (logs.GetProperty("stdout").GetString()!.Contains(text, StringComparison.Ordinal))
                return;
            await Task.Delay(50, _ct);
        }
        Assert.Fail($"'{text}' never appeared in the log of {id}");
    }

    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{current}/task"))
            {
                var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var child in children.Select(int.Parse))
                {
                    found.Add(child);
                    queue.Enqueue(child);
                }
            }
        }
        return found;
    }
}
