using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Contexts;
using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Benchmarks.Server;

/// <summary>One measured call: its total time and the execution's own reported duration (0 when none).</summary>
internal delegate Task<(double Total, double Duration)> ApiCall();

/// <summary>
/// The calls the sandbox API benchmark times: an exec of <c>true</c> in a named sandbox (the engine alone, through
/// the grain, over HTTP as JSON or SSE, with and without a network allow-list) and a code context's <c>1+1</c>.
/// </summary>
internal static class ApiCases
{
    public const string SandboxId = "bench-api";

    // The proxy's door opened for this exec; `true` never connects anywhere.
    private static readonly string[] AllowList = ["example.com:443"];

    /// <summary>Creates the named sandbox and a Python context on a server; returns the context's id.</summary>
    public static async Task<string> PrepareAsync(HttpClient http)
    {
        using (var put = await http.PutAsJsonAsync($"/v1/sandboxes/{SandboxId}", new { }))
            put.EnsureSuccessStatusCode();
        using var created = await http.PostAsJsonAsync($"/v1/sandboxes/{SandboxId}/contexts", new { language = "python" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Timed to the result, as the grain and HTTP cases are: the process's clean-up after it (the cgroup's removal)
    /// is off every caller's path.
    /// </summary>
    public static async Task<(double, double)> EngineExecAsync(Sandcastle.Sandbox.Sandbox sandbox)
    {
        var started = Stopwatch.GetTimestamp();
        await foreach (var item in sandbox.ExecAsync(new ExecRequest { Command = "true" }))
        {
            if (item is ExecCompleted { Result: var result })
            {
                var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return result.Success ? (total, result.WallTime.TotalMilliseconds) : throw new InvalidOperationException($"`true` failed: {result}");
            }
        }
        throw new InvalidOperationException("The exec ended without a result.");
    }

    /// <param name="cancellable">Pass a token that can be cancelled, as the HTTP endpoint passes the request's.</param>
    public static async Task<(double, double)> GrainExecAsync(ISandboxGrain grain, bool network, bool cancellable = false)
    {
        using var cancellation = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var command = new ExecCommand { Command = "true", NetworkAllow = network ? [.. AllowList] : null };
        await foreach (var item in grain.ExecAsync(command, cancellable ? cancellation.Token : CancellationToken.None))
        {
            if (item is ExecFinished { Outcome: var outcome })
            {
                var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return outcome.Success ? (total, outcome.DurationMs) : throw new InvalidOperationException($"`true` failed: {outcome}");
            }
        }
        throw new InvalidOperationException("The exec ended without finishing.");
    }

    public static async Task<(double, double)> HttpExecAsync(HttpClient http, bool sse, bool network)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sandboxes/{SandboxId}/exec")
        {
            Content = JsonContent.Create(new { command = "true", network = network ? new { allow = AllowList } : null }),
        };
        if (sse)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (!sse)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return ExecAnswer(Stopwatch.GetElapsedTime(started).TotalMilliseconds, body);
        }
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            if (item.EventType != "complete")
                continue;
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using var json = JsonDocument.Parse(item.Data);
            return (total, json.RootElement.GetProperty("duration").GetDouble());
        }
        throw new InvalidOperationException("The stream ended without a complete event.");
    }

    public static async Task<(double, double)> KernelRoundTripAsync(CodeContext kernel)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await kernel.RunAndCollectAsync("1+1");
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return run.Results is [{ Text: "2" }] ? (total, 0) : throw new InvalidOperationException($"Unexpected result: {run.Error?.Message}");
    }

    public static async Task<(double, double)> GrainRoundTripAsync(ISandboxGrain grain, string contextId)
    {
        var started = Stopwatch.GetTimestamp();
        string? text = null;
        await foreach (var item in grain.RunContextAsync(contextId, new CellCommand("1+1", null)))
        {
            if (item is CellResult result)
                text = result.Data.GetValueOrDefault("text/plain");
        }
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return text == "2" ? (total, 0) : throw new InvalidOperationException($"Unexpected result: {text}");
    }

    /// <summary>The exec of <c>true</c> as a program calls it through the client library.</summary>
    public static async Task<(double, double)> ClientExecAsync(Sandcastle.Client.Sandboxes.Sandbox sandbox)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await sandbox.ExecAsync("true");
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result.Success ? (total, result.Duration) : throw new InvalidOperationException($"`true` failed: {result}");
    }

    public static async Task<(double, double)> MinimalExecAsync(MinimalHttpClient client)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await client.PostJsonAsync($"/v1/sandboxes/{SandboxId}/exec", """{"command":"true"}""");
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var json = status == 200 ? JsonDocument.Parse(body) : throw new InvalidOperationException($"HTTP {status}: {body}");
        return ExecAnswer(total, json.RootElement);
    }

    /// <summary>A JSON exec answer's duration, once it says `true` succeeded.</summary>
    private static (double, double) ExecAnswer(double total, JsonElement body) => body.GetProperty("success").GetBoolean()
        ? (total, body.GetProperty("duration").GetDouble())
        : throw new InvalidOperationException($"`true` failed: {body}");

    public static async Task<(double, double)> MinimalRoundTripAsync(MinimalHttpClient client, string contextId)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await client.PostJsonAsync($"/v1/sandboxes/{SandboxId}/contexts/{contextId}/run", """{"code":"1+1"}""");
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return ContextAnswer(total, status == 200, body);
    }

    /// <summary>
    /// A GET that reaches the same route and grain as a context's run, without a kernel: what HTTP and the grain cost
    /// on their own; and one that no endpoint answers (404): the pipeline's floor.
    /// </summary>
    public static async Task<(double, double)> MinimalGetAsync(MinimalHttpClient client, string path, int expectedStatus)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, body) = await client.GetAsync(path);
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return status == expectedStatus ? (total, 0) : throw new InvalidOperationException($"GET {path}: HTTP {status}: {body}");
    }

    public static async Task<(double, double)> HttpRoundTripAsync(HttpClient http, string contextId)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync($"/v1/sandboxes/{SandboxId}/contexts/{contextId}/run", new { code = "1+1" });
        var body = await response.Content.ReadAsStringAsync();
        return ContextAnswer(Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.IsSuccessStatusCode, body);
    }

    private static (double, double) ContextAnswer(double total, bool ok, string body) =>
        ok && body.Contains("\"2\"", StringComparison.Ordinal) ? (total, 0) : throw new InvalidOperationException($"Unexpected context answer: {body}");
}
