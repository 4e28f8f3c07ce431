using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Client;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Contexts;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Benchmarks.Server;

/// <summary>
/// The server's share of the sandbox API at concurrency 1, on the in-process server: each case over HTTP (Kestrel
/// on loopback), through the grain (no HTTP) and on the engine alone (no grain), so the differences say what HTTP and
/// the grain add. "minus duration" subtracts the execution's own reported duration.
/// </summary>
internal sealed class SandboxApiBench(WebApplication app, HttpClient http, int count)
{
    private const string Engine = "exec `true`: engine alone";
    private const string Grain = "exec `true`: through the grain";
    private const string CancellableGrain = "exec `true`: grain, cancellable token";
    private const string Json = "exec `true`: HTTP JSON";
    private const string Sse = "exec `true`: HTTP SSE";
    private const string ClientJson = "exec `true`: Sandcastle.Client";
    private const string MinimalJson = "exec `true`: HTTP JSON, minimal client";
    private const string NetworkedGrain = "networked exec `true`: through the grain";
    private const string NetworkedJson = "networked exec `true`: HTTP JSON";
    private const string Kernel = "context 1+1: in-process kernel";
    private const string ContextGrain = "context 1+1: through the grain";
    private const string ContextHttp = "context 1+1: HTTP JSON";
    private const string MinimalContextHttp = "context 1+1: HTTP JSON, minimal client";
    private const string MinimalContextGet = "GET of the context (grain, no kernel), minimal client";
    private const string MinimalNotFound = "GET of no endpoint (404), minimal client";

    public async Task RunAsync()
    {
        var contextId = await ApiCases.PrepareAsync(http);
        var grain = app.Services.GetRequiredService<SandboxDirectory>().Get(new SandboxAddress(SandboxAddress.DefaultTenant, ApiCases.SandboxId));
        var direct = app.Services.GetRequiredService<SandboxEngine>().GetOrCreate("bench-engine-direct");
        // In the grain's tenant, so that both find spares of their group: alone in a group of its own, each of its
        // execs took another group's spare into a new cgroup, and the engine alone measured 0.35-0.45 ms above the grain.
        direct.Tenant = SandboxAddress.DefaultTenant;
        await using var kernel = await CodeContext.StartAsync(direct, SandboxLanguage.Python);
        using var client = new SandcastleClient(http.BaseAddress!, apiKey: null, http);
        var clientSandbox = await client.OpenSandboxAsync(ApiCases.SandboxId);
        using var minimal = new MinimalHttpClient(http.BaseAddress!);

        Console.WriteLine($"sandbox API at concurrency 1, {count} runs of each exec case and {count * 10} of each context case (in turns), load {Turns.Load()}");
        var results = await Turns.MeasureAsync(
        [
            (Engine, () => ApiCases.EngineExecAsync(direct)),
            (Grain, () => ApiCases.GrainExecAsync(grain, network: false)),
            (CancellableGrain, () => ApiCases.GrainExecAsync(grain, network: false, cancellable: true)),
            (Json, () => ApiCases.HttpExecAsync(http, sse: false, network: false)),
            (Sse, () => ApiCases.HttpExecAsync(http, sse: true, network: false)),
            (ClientJson, () => ApiCases.ClientExecAsync(clientSandbox)),
            (MinimalJson, () => ApiCases.MinimalExecAsync(minimal)),
            (NetworkedGrain, () => ApiCases.GrainExecAsync(grain, network: true)),
            (NetworkedJson, () => ApiCases.HttpExecAsync(http, sse: false, network: true)),
        ], count);
        foreach (var (name, stats) in await Turns.MeasureAsync(
        [
            (Kernel, () => ApiCases.KernelRoundTripAsync(kernel)),
            (ContextGrain, () => ApiCases.GrainRoundTripAsync(grain, contextId)),
            (ContextHttp, () => ApiCases.HttpRoundTripAsync(http, contextId)),
            (MinimalContextHttp, () => ApiCases.MinimalRoundTripAsync(minimal, contextId)),
            (MinimalContextGet, () => ApiCases.MinimalGetAsync(minimal, $"/v1/sandboxes/{ApiCases.SandboxId}/contexts/{contextId}", 200)),
            (MinimalNotFound, () => ApiCases.MinimalGetAsync(minimal, "/v1/no-such-endpoint", 404)),
        ], count * 10))
            results[name] = stats;
        Print(results);
        var engine = results[Engine].OverheadP50;
        Console.WriteLine($"server's share of an exec (minus duration, p50, over the engine alone's): HTTP JSON {results[Json].OverheadP50 - engine:0.000} ms "
            + $"({results[ClientJson].OverheadP50 - engine:0.000} ms through Sandcastle.Client, {results[MinimalJson].OverheadP50 - engine:0.000} ms from a minimal client), HTTP SSE {results[Sse].OverheadP50 - engine:0.000} ms, the grain alone {results[Grain].OverheadP50 - engine:0.000} ms; "
            + $"a networked exec over HTTP: {results[NetworkedJson].OverheadP50 - results[Json].OverheadP50:+0.000;-0.000} ms over a plain one");
        Console.WriteLine($"a context's 1+1 over HTTP: {results[ContextHttp].TotalP50 - results[Kernel].TotalP50:+0.000;-0.000} ms over the in-process kernel at p50 "
            + $"({results[MinimalContextHttp].TotalP50 - results[Kernel].TotalP50:+0.000;-0.000} ms from a minimal client), "
            + $"through the grain {results[ContextGrain].TotalP50 - results[Kernel].TotalP50:+0.000;-0.000} ms");
    }

    /// <summary>
    /// Servers started from other builds (<c>serve</c> mode), measured over HTTP in turns with one another: the
    /// before/after of a change, side by side in one run.
    /// </summary>
    public static async Task CompareAsync(IReadOnlyList<(string Label, HttpClient Http)> servers, int count)
    {
        var execCases = new List<(string, ApiCall)>();
        var contextCases = new List<(string, ApiCall)>();
        foreach (var (label, http) in servers)
        {
            var contextId = await ApiCases.PrepareAsync(http);
            execCases.Add(($"{label}: {Json}", () => ApiCases.HttpExecAsync(http, sse: false, network: false)));
            execCases.Add(($"{label}: {Sse}", () => ApiCases.HttpExecAsync(http, sse: true, network: false)));
            execCases.Add(($"{label}: {NetworkedJson}", () => ApiCases.HttpExecAsync(http, sse: false, network: true)));
            contextCases.Add(($"{label}: {ContextHttp}", () => ApiCases.HttpRoundTripAsync(http, contextId)));
        }
        Console.WriteLine($"{servers.Count} servers in turns at concurrency 1, {count} runs of each exec case and {count * 10} of each context case, load {Turns.Load()}");
        var results = await Turns.MeasureAsync(execCases, count);
        foreach (var (name, stats) in await Turns.MeasureAsync(contextCases, count * 10))
            results[name] = stats;
        Print(results);
        Console.WriteLine($"load after: {Turns.Load()}");
    }

    private static void Print(Dictionary<string, Stats> results)
    {
        Console.WriteLine($"{"case",-56} | {"total p50",9} | {"total p95",9} | {"minus duration p50",18} | {"p95",8}");
        Console.WriteLine(new string('-', 112));
        foreach (var (name, stats) in results)
            Console.WriteLine($"{name,-56} | {stats.TotalP50,6:0.000} ms | {stats.TotalP95,6:0.000} ms | {stats.OverheadP50,15:0.000} ms | {stats.OverheadP95,8:0.000}");
    }
}
