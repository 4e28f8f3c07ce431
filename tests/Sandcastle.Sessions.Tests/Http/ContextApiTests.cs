using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ContextApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Python_context_keeps_state_and_returns_rich_results()
    {
        var context = await CreateContextAsync("ctx-rich", "python");
        var runs = $"/v1/sandboxes/ctx-rich/contexts/{context}/run";

        var first = await RunAsync(runs, "x = 1");
        Assert.Equal(0, first.GetProperty("results").GetArrayLength());
        Assert.Equal(1, first.GetProperty("executionCount").GetInt32());
        var second = await RunAsync(runs, "print('hello')\nx + 1");
        Assert.Equal("2", second.GetProperty("results")[0].GetProperty("text/plain").GetString());
        Assert.Equal("hello\n", string.Concat(second.GetProperty("logs").GetProperty("stdout").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal(2, second.GetProperty("executionCount").GetInt32());
        Assert.False(second.TryGetProperty("error", out _));

        var dict = await RunAsync(runs, "{'a': 1, 'b': [1, 2]}");
        var json = JsonDocument.Parse(dict.GetProperty("results")[0].GetProperty("application/json").GetString()!).RootElement;
        Assert.Equal(2, json.GetProperty("b")[1].GetInt32());

        var frame = await RunAsync(runs, "import pandas as pd\npd.DataFrame({'city': ['Paris', 'Oslo'], 'n': [1, 2]})");
        Assert.Contains("<table", frame.GetProperty("results")[0].GetProperty("text/html").GetString(), StringComparison.Ordinal);

        var plot = await RunAsync(runs, "import matplotlib.pyplot as plt\nplt.plot([1, 4, 9])\nplt.title('squares')");
        var png = plot.GetProperty("results").EnumerateArray()
            .Select(r => r.TryGetProperty("image/png", out var data) ? data.GetString() : null)
            .Single(p => p is not null);
        var bytes = Convert.FromBase64String(png!);
        Assert.True(bytes.Length > 1000, $"a real figure, not {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);

        var failed = await RunAsync(runs, "1 / 0");
        Assert.Equal("ZeroDivisionError", failed.GetProperty("error").GetProperty("name").GetString());
        Assert.NotEqual(0, failed.GetProperty("error").GetProperty("traceback").GetArrayLength());

        var got = await _client.GetFromJsonAsync<JsonElement>($"/v1/sandboxes/ctx-rich/contexts/{context}", _ct);
        Assert.Equal("python", got.GetProperty("language").GetString());
        Assert.True(got.GetProperty("alive").GetBoolean());
        var list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/ctx-rich/contexts", _ct);
        Assert.Equal(context, Assert.Single(list.GetProperty("contexts").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Streamed_run_sends_events_in_order_as_they_happen()
    {
        var context = await CreateContextAsync("ctx-sse", "python");
        var watch = Stopwatch.StartNew();
        using var response = await _client.SendAsync(
            Sse.Request(HttpMethod.Post, $"/v1/sandboxes/ctx-sse/contexts/{context}/run", new { code = "import sys, time\nprint('a', flush=True)\ntime.sleep(1)\nprint('b', file=sys.stderr, flush=True)\n40 + 2" }),
            HttpCompletionOption.ResponseHeadersRead, _ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Event, JsonElement Data, TimeSpan At)>();
        var text = new Dictionary<string, string> { ["stdout"] = "", ["stderr"] = "" };
        await foreach (var (name, data) in Sse.ReadAsync(response))
        {
            // Output may come in more than one chunk: one event per stream change, with its text gathered.
            if (name is "stdout" or "stderr")
                text[name] += data.GetProperty("data").GetString();
            if (events.Count == 0 || events[^1].Event != name || name is not ("stdout" or "stderr"))
                events.Add((name, data, watch.Elapsed));
        }

        Assert.Equal(["stdout", "stderr", "result", "complete"], events.Select(e => e.Event));
        Assert.Equal("a\n", text["stdout"]);
        Assert.Equal("b\n", text["stderr"]);
        Assert.Equal("42", events[2].Data.GetProperty("text/plain").GetString());
        Assert.Equal(1, events[3].Data.GetProperty("executionCount").GetInt32());
        Assert.True(events[3].At - events[0].At > TimeSpan.FromMilliseconds(700), "the first output arrived before the run ended");
    }

    [Fact]
    public async Task Dead_context_reports_its_death_and_restarts_fresh()
    {
        var context = await CreateContextAsync("ctx-dead", "python");
        var path = $"/v1/sandboxes/ctx-dead/contexts/{context}";
        await RunAsync(path + "/run", "kept = 1");

        var died = await RunAsync(path + "/run", "import os\nos._exit(1)");
        Assert.Equal("ContextDied", died.GetProperty("error").GetProperty("name").GetString());
        Assert.False((await _client.GetFromJsonAsync<JsonElement>(path, _ct)).GetProperty("alive").GetBoolean());
        var dead = await RunAsync(path + "/run", "1");
        Assert.Equal("ContextDead", dead.GetProperty("error").GetProperty("name").GetString());

        var restarted = await _client.PostAsync(path + "/restart", null, _ct);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.True((await restarted.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("alive").GetBoolean());
        var fresh = await RunAsync(path + "/run", "'kept' in globals()");
        Assert.Equal("False", fresh.GetProperty("results")[0].GetProperty("text/plain").GetString());
        Assert.Equal(1, fresh.GetProperty("executionCount").GetInt32());
    }

    [Fact]
    public async Task Bad_requests_get_4xx_and_deleted_contexts_are_gone()
    {
        await _client.PutAsync("/v1/sandboxes/ctx-bad", null, _ct);
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/ctx-bad/contexts", new { language = "ruby" }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/ctx-bad/contexts", new { language = "bash" }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/ctx-bad/contexts", new { }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/no-such-box/contexts", new { language = "python" }, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/ctx-bad/contexts/nope", _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/ctx-bad/contexts/nope/run", new { code = "1" }, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/ctx-bad/contexts/nope/run", new { code = "1" }), _ct), HttpStatusCode.NotFound, "not_found");

        var context = await CreateContextAsync("ctx-bad", "javascript");
        var path = $"/v1/sandboxes/ctx-bad/contexts/{context}";
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync(path + "/run", new { }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync(path + "/run", new { code = "1", timeoutMs = -5 }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await RunAsync(path + "/run", "let y = 2");
        var js = await RunAsync(path + "/run", "y * 21");
        Assert.Equal("42", js.GetProperty("results")[0].GetProperty("text/plain").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(path, _ct)).StatusCode);
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync(path + "/run", new { code = "y" }, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.DeleteAsync(path, _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Root_lists_the_context_and_session_endpoints_with_descriptions()
    {
        var endpoints = (await _client.GetFromJsonAsync<JsonElement>("/", _ct)).GetProperty("endpoints");
        foreach (var route in new[]
        {
            "POST /v1/sandboxes/{id}/contexts/", "GET /v1/sandboxes/{id}/contexts/{contextId}", "DELETE /v1/sandboxes/{id}/contexts/{contextId}",
            "POST /v1/sandboxes/{id}/contexts/{contextId}/run", "POST /v1/sandboxes/{id}/contexts/{contextId}/restart",
            "POST /v1/sandboxes/{id}/sessions/", "DELETE /v1/sandboxes/{id}/sessions/{sessionId}",
        })
        {
            Assert.True(endpoints.TryGetProperty(route, out var summary), $"GET / does not list {route}");
            Assert.False(string.IsNullOrWhiteSpace(summary.GetString()), $"{route} has no description");
        }
    }

    [Fact]
    public async Task Sleeping_sandbox_loses_its_contexts_and_says_so()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/ctx-nap", new { sleepAfter = "1s" }, _ct);
        var context = await CreateContextAsync("ctx-nap", "python");
        // Asleep between 1 s and 1 s plus a check period (a fraction of sleepAfter) after the last call; the margin
        // is for a loaded machine's late timers. Any call before then would count as use and keep it awake.
        await Task.Delay(TimeSpan.FromSeconds(5), _ct);
        var lost = await _client.PostAsJsonAsync($"/v1/sandboxes/ctx-nap/contexts/{context}/run", new { code = "1" }, _ct);
        Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode);
        var error = await lost.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Contains("went to sleep", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contexts_are_private_to_their_tenant_and_capped_per_sandbox()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?>
            {
                ["SANDCASTLE_API_KEYS"] = "key-alice, key-bob",
                ["Sessions:MaxContextsPerSandbox"] = "1",
            });
            using var alice = server.CreateClient("key-alice");
            using var bob = server.CreateClient("key-bob");
            await alice.PutAsync("/v1/sandboxes/shared", null, _ct);
            var created = await alice.PostAsJsonAsync("/v1/sandboxes/shared/contexts", new { language = "python" }, _ct);
            var context = (await created.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString();
            await alice.PostAsJsonAsync($"/v1/sandboxes/shared/contexts/{context}/run", new { code = "secret = 'alice'" }, _ct);
            await SandboxesApiTests.AssertError(await alice.PostAsJsonAsync("/v1/sandboxes/shared/contexts", new { language = "python" }, _ct), HttpStatusCode.Conflict, "conflict");

            await SandboxesApiTests.AssertError(await bob.GetAsync($"/v1/sandboxes/shared/contexts/{context}", _ct), HttpStatusCode.NotFound, "not_found");
            await bob.PutAsync("/v1/sandboxes/shared", null, _ct);
            await SandboxesApiTests.AssertError(await bob.GetAsync($"/v1/sandboxes/shared/contexts/{context}", _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.PostAsJsonAsync($"/v1/sandboxes/shared/contexts/{context}/run", new { code = "secret" }, _ct), HttpStatusCode.NotFound, "not_found");
            var bobs = await bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes/shared/contexts", _ct);
            Assert.Equal(0, bobs.GetProperty("contexts").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    private async Task<string> CreateContextAsync(string sandbox, string language)
    {
        await _client.PutAsync($"/v1/sandboxes/{sandbox}", null, _ct);
        var created = await _client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/contexts", new { language }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(language, body.GetProperty("language").GetString());
        Assert.True(body.TryGetProperty("createdAt", out _));
        return body.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RunAsync(string path, string code)
    {
        var response = await _client.PostAsJsonAsync(path, new { code }, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
    }
}
