using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Contexts;
using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Benchmarks.Server;

/// <summary>
/// The server's share of the sandbox API at concurrency 1: an exec of <c>true</c> in a named sandbox and a code
/// context's <c>1+1</c>, each over HTTP (Kestrel on loopback), through the grain (no HTTP) and on the engine alone
/// (no grain), so the differences say what HTTP and the grain add. "minus duration" subtracts the execution's own
/// reported duration; "over engine" subtracts the engine-alone p50 of the same work.
/// </summary>
internal sealed class SandboxApiBench(WebApplication app, HttpClient http, int count)
{
    private const string Sandbox = "bench-api";
    private static readonly string[] AllowList = ["example.com:443"]; // the proxy's door opened; `true` never connects

    public async Task RunAsync()
    {
        using (var put = await http.PutAsJsonAsync($"/v1/sandboxes/{Sandbox}", new { }))
            put.EnsureSuccessStatusCode();
        var grain = app.Services.GetRequiredService<SandboxDirectory>().Get(new SandboxAddress(SandboxAddress.DefaultTenant, Sandbox));
        var engine = app.Services.GetRequiredService<SandboxEngine>();
        var direct = engine.GetOrCreate("bench-engine-direct");

        var cases = new (string Name, Func<Task<(double Total, double Duration)>> Run)[]
        {
            ("exec `true`: engine alone", () => EngineExecAsync(direct)),
            ("exec `true`: through the grain", () => GrainExecAsync(grain, network: false)),
            ("exec `true`: HTTP JSON", () => HttpExecAsync(sse: false, network: false)),
            ("exec `true`: HTTP SSE", () => HttpExecAsync(sse: true, network: false)),
            ("networked exec `true`: through the grain", () => GrainExecAsync(grain, network: true)),
            ("networked exec `true`: HTTP JSON", () => HttpExecAsync(sse: false, network: true)),
        };
        Console.WriteLine($"sandbox API at concurrency 1, {count} runs of each case (taken in turns) after {count / 10} warm-up, load {File.ReadAllText("/proc/loadavg").Trim()}");
        var results = await MeasureAsync(cases);
        Console.WriteLine($"{"case",-44} | {"total p50",9} | {"total p95",9} | {"minus duration p50",18} | {"p95",8}");
        Console.WriteLine(new string('-', 100));
        foreach (var (name, stats) in results)
            Console.WriteLine($"{name,-44} | {stats.TotalP50,6:0.000} ms | {stats.TotalP95,6:0.000} ms | {stats.OverheadP50,15:0.000} ms | {stats.OverheadP95,8:0.000}");
        var engineShare = results["exec `true`: engine alone"].OverheadP50;
        Console.WriteLine($"server's share of an exec (minus duration, p50, over the engine alone's): HTTP JSON {results["exec `true`: HTTP JSON"].OverheadP50 - engineShare:0.000} ms, "
            + $"HTTP SSE {results["exec `true`: HTTP SSE"].OverheadP50 - engineShare:0.000} ms, the grain alone {results["exec `true`: through the grain"].OverheadP50 - engineShare:0.000} ms; "
            + $"a networked exec over HTTP adds {results["networked exec `true`: HTTP JSON"].OverheadP50 - results["exec `true`: HTTP JSON"].OverheadP50:+0.000;-0.000} ms to a plain one");

        // A code context: in-process kernel round trip vs the grain vs HTTP.
        var context = await (await http.PostAsJsonAsync($"/v1/sandboxes/{Sandbox}/contexts", new { language = "python" })).Content.ReadFromJsonAsync<JsonElement>();
        var contextId = context.GetProperty("id").GetString()!;
        await using var kernel = await CodeContext.StartAsync(direct, SandboxLanguage.Python);
        var contextResults = await MeasureAsync(
        [
            ("context 1+1: in-process kernel", () => KernelRoundTripAsync(kernel)),
            ("context 1+1: through the grain", () => GrainRoundTripAsync(grain, contextId)),
            ("context 1+1: HTTP JSON", () => HttpRoundTripAsync(contextId)),
        ], rounds: 10);
        Console.WriteLine($"{"case",-44} | {"total p50",9} | {"total p95",9}");
        foreach (var (name, stats) in contextResults)
            Console.WriteLine($"{name,-44} | {stats.TotalP50,6:0.000} ms | {stats.TotalP95,6:0.000} ms");
        var inProcess = contextResults["context 1+1: in-process kernel"].TotalP50;
        Console.WriteLine($"HTTP adds {contextResults["context 1+1: HTTP JSON"].TotalP50 - inProcess:0.000} ms to a context round trip at p50; the grain alone "
            + $"{contextResults["context 1+1: through the grain"].TotalP50 - inProcess:0.000} ms");
    }

    /// <summary>Runs the cases in turns (one of each, again), so a burst of load on the shared machine hits them alike.</summary>
    private async Task<Dictionary<string, Stats>> MeasureAsync((string Name, Func<Task<(double Total, double Duration)>> Run)[] cases, int rounds = 1)
    {
        var n = count * rounds;
        for (var i = 0; i < n / 10; i++)
            foreach (var (_, run) in cases)
                await run();
        var totals = cases.Select(_ => new double[n]).ToArray();
        var overheads = cases.Select(_ => new double[n]).ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var (total, duration) = await cases[c].Run();
                totals[c][i] = total;
                overheads[c][i] = total - duration;
            }
        }
        var results = new Dictionary<string, Stats>();
        for (var c = 0; c < cases.Length; c++)
        {
            Array.Sort(totals[c]);
            Array.Sort(overheads[c]);
            results[cases[c].Name] = new Stats(Percentile(totals[c], 50), Percentile(totals[c], 95), Percentile(overheads[c], 50), Percentile(overheads[c], 95));
        }
        return results;
    }

    private static async Task<(double, double)> EngineExecAsync(Sandcastle.Sandbox.Sandbox sandbox)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await sandbox.RunAsync(new ExecRequest { Command = "true" });
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!run.Result.Success)
            throw new InvalidOperationException($"`true` failed: {run.Result}");
        return (total, run.Result.WallTime.TotalMilliseconds);
    }

    private static async Task<(double, double)> GrainExecAsync(ISandboxGrain grain, bool network)
    {
        var started = Stopwatch.GetTimestamp();
        await foreach (var item in grain.ExecAsync(new ExecCommand { Command = "true", NetworkAllow = network ? [.. AllowList] : null }))
        {
            if (item is ExecFinished { Outcome: var outcome })
            {
                var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return outcome.Success ? (total, outcome.DurationMs) : throw new InvalidOperationException($"`true` failed: {outcome}");
            }
        }
        throw new InvalidOperationException("The exec ended without finishing.");
    }

    private async Task<(double, double)> HttpExecAsync(bool sse, bool network)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sandboxes/{Sandbox}/exec")
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
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return body.GetProperty("success").GetBoolean()
                ? (total, body.GetProperty("duration").GetDouble())
                : throw new InvalidOperationException($"`true` failed: {body}");
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

    private static async Task<(double, double)> KernelRoundTripAsync(CodeContext kernel)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await kernel.RunAndCollectAsync("1+1");
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return run.Results is [{ Text: "2" }] ? (total, 0) : throw new InvalidOperationException($"Unexpected result: {run.Error?.Message}");
    }

    private static async Task<(double, double)> GrainRoundTripAsync(ISandboxGrain grain, string contextId)
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

    private async Task<(double, double)> HttpRoundTripAsync(string contextId)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync($"/v1/sandboxes/{Sandbox}/contexts/{contextId}/run", new { code = "1+1" });
        var body = await response.Content.ReadAsStringAsync();
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return body.Contains("\"2\"", StringComparison.Ordinal) ? (total, 0) : throw new InvalidOperationException($"Unexpected context answer: {body}");
    }

    private static double Percentile(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record Stats(double TotalP50, double TotalP95, double OverheadP50, double OverheadP95);
}
