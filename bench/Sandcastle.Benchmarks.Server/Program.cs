using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandcastle.Benchmarks.Server;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;
using Sandcastle.Server;

// Server overhead of POST /execute: client time to the SSE "complete" event minus the sandbox's own execution
// time (executionMs), with a model that answers instantly; then the sandbox API's share of an exec and of a code
// context's round trip (SandboxApiBench). Usage: dotnet run -c Release [requestsPerLevel] [api|execute]
// Before/after a change, side by side: build this benchmark from both commits, then
//   dotnet <this dll> compare <count> <before dll> <after dll>
// starts each build's server (`serve` mode) and measures the HTTP cases against both in turns. NAME=VALUE before a
// build sets an environment variable for that server alone: one build with and without a runtime knob, side by side.
if (args is ["compare", var countText, .. var builds])
{
    await CompareAsync(int.Parse(countText), builds);
    return;
}
var perLevel = args.Length > 0 && args[0] != "serve" ? int.Parse(args[0]) : 200;
var only = args.Length > 1 ? args[1] : null;
var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-");
var app = BuildServer(dataRoot.FullName);
if (args is ["serve", ..])
{
    // One line with the address, then serve until whoever started this closes stdin.
    await app.StartAsync();
    Console.WriteLine(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    await Console.In.ReadToEndAsync();
    await app.StopAsync();
    await app.DisposeAsync();
    dataRoot.Delete(recursive: true);
    return;
}
await app.StartAsync();
try
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    if (only != "execute")
        await new SandboxApiBench(app, http, perLevel).RunAsync();
    if (only == "api")
        return;
    var client = new ExecuteClient(http);
    for (var i = 0; i < 20; i++)
        await client.RunAsync(CancellationToken.None);

    // The engine's own cost outside executionMs (forking or a launcher, cgroup, reaping), to tell it from the server's.
    var engine = app.Services.GetRequiredService<SandboxEngine>();
    var engineOnly = new List<double>();
    for (var i = 0; i < 40; i++)
    {
        await using var sandbox = engine.CreateEphemeral();
        var clock = Stopwatch.StartNew();
        var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(2 ** 10)"));
        engineOnly.Add(clock.Elapsed.TotalMilliseconds - (long)run.Result.WallTime.TotalMilliseconds);
    }
    var engineSorted = engineOnly.Order().ToArray();
    Console.WriteLine($"engine alone, RunAsync time minus executionMs: p50 {Percentile(engineSorted, 50):0.00} ms, p95 {Percentile(engineSorted, 95):0.00} ms (part of the overhead below)");

    Console.WriteLine($"POST /execute (SSE), instant model, python `print(2 ** 10)`, {Environment.ProcessorCount} cores, {perLevel} requests per level");
    Console.WriteLine($"{"concurrency",11} | {"overhead p50",12} | {"overhead p95",12} | {"total p50",9} | {"exec p50",8} | {"req/s",6}");
    Console.WriteLine(new string('-', 72));
    foreach (var concurrency in new[] { 1, 4, 16 })
    {
        var samples = new System.Collections.Concurrent.ConcurrentBag<Sample>();
        var remaining = perLevel;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
                samples.Add(await client.RunAsync(CancellationToken.None));
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var overhead = samples.Select(s => s.OverheadMs).Order().ToArray();
        var total = samples.Select(s => s.TotalMs).Order().ToArray();
        var execution = samples.Select(s => s.ExecutionMs).Order().ToArray();
        Console.WriteLine($"{concurrency,11} | {Percentile(overhead, 50),9:0.00} ms | {Percentile(overhead, 95),9:0.00} ms | {Percentile(total, 50),6:0.0} ms | {Percentile(execution, 50),5:0} ms | {perLevel / elapsed,6:0.0}");
    }
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    dataRoot.Delete(recursive: true);
}

static WebApplication BuildServer(string dataRoot) => SandcastleServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sandbox:DataRoot"] = dataRoot,
        // Above the highest concurrency measured: a permit is returned a moment after the client has its answer.
        ["Tenancy:MaxConcurrentExecutions"] = "64",
    });
    builder.Services.AddSingleton<ICodeModel, InstantCodeModel>();
});

static async Task CompareAsync(int count, string[] builds)
{
    var servers = new List<(Process Process, HttpClient Http, string Label)>();
    try
    {
        var environment = new Dictionary<string, string>();
        foreach (var build in builds)
        {
            if (build.Split('=', 2) is [var name, var value] && !build.EndsWith(".dll", StringComparison.Ordinal))
            {
                environment[name] = value;
                continue;
            }
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
            foreach (var (key, setting) in environment)
                info.Environment[key] = setting;
            var label = environment.Count == 0 ? build : $"{string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))} {build}";
            environment.Clear();
            info.ArgumentList.Add(build);
            info.ArgumentList.Add("serve");
            var process = Process.Start(info)!;
            string? address;
            do
                address = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"{build} did not start a server.");
            while (!address.StartsWith("http://", StringComparison.Ordinal));
            _ = process.StandardOutput.ReadToEndAsync(); // its logs, drained
            servers.Add((process, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) }, $"[{servers.Count + 1}]"));
            Console.WriteLine($"[{servers.Count}] {label} at {address}");
        }
        await SandboxApiBench.CompareAsync([.. servers.Select(s => (s.Label, s.Http))], count);
    }
    finally
    {
        foreach (var (process, http, _) in servers)
        {
            http.Dispose();
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}

static double Percentile(double[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
