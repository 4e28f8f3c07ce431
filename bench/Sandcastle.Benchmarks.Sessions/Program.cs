using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandcastle.Benchmarks.Sessions;
using Sandcastle.Server;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

// Durable sandboxes: new sandbox + first exec, 100 sandboxes each running print(1), memory of 1,000 idle ones.
// The real server (Kestrel on loopback, embedded silo, SQLite state, bubblewrap) in this process.
// Usage: dotnet run -c Release --project bench/Sandcastle.Benchmarks.Sessions [-- idleSandboxes]
var idleCount = args.Length > 0 ? int.Parse(args[0]) : 1000;
var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-sessions-").FullName;
var app = SandcastleServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Sandbox:DataRoot"] = dataRoot,
        ["Tenancy:MaxConcurrentExecutions"] = "1000",
    });
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
using var http = new HttpClient { BaseAddress = new Uri(address) };
var grains = app.Services.GetRequiredService<SandboxDirectory>();
const string PrintOne = "python3 -c 'print(1)'";
Console.WriteLine($"{Environment.ProcessorCount} cores; command: {PrintOne}");

// Warm up JIT, silo and the SQLite file.
for (var i = 0; i < 5; i++)
    await NewSandboxOverHttpAsync($"warm-{i}");

// A code context's round trip for `1+1` over HTTP (the library's own is in bench/Sandcastle.Benchmarks.Contexts).
await http.PutAsJsonAsync("/v1/sandboxes/contexts-bench", new { });
var context = await (await http.PostAsJsonAsync("/v1/sandboxes/contexts-bench/contexts", new { language = "python" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
var contextRun = $"/v1/sandboxes/contexts-bench/contexts/{context.GetProperty("id").GetString()}/run";
var roundTrips = new List<double>();
for (var i = 0; i < 220; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync(contextRun, new { code = "1+1" });
    var body = await response.Content.ReadAsStringAsync();
    if (!body.Contains("\"2\"", StringComparison.Ordinal))
        throw new InvalidOperationException($"Unexpected context answer: {body}");
    if (i >= 20)
        roundTrips.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}
Console.WriteLine($"{"code context 1+1 over HTTP",-40} {"p50 ms",8} {"p95 ms",8}");
Console.WriteLine($"{"  POST .../contexts/{id}/run",-40} {Percentiles.Of(roundTrips, 50),8:F2} {Percentiles.Of(roundTrips, 95),8:F2}");

var overHttp = new List<double>();
var throughGrain = new List<double>();
for (var i = 0; i < 30; i++)
{
    overHttp.Add(await NewSandboxOverHttpAsync($"first-http-{i}"));
    throughGrain.Add(await NewSandboxThroughGrainAsync($"first-grain-{i}"));
}
Console.WriteLine($"{"new sandbox + first exec",-40} {"p50 ms",8} {"p95 ms",8}");
Console.WriteLine($"{"  over HTTP (PUT, POST exec)",-40} {Percentiles.Of(overHttp, 50),8:F2} {Percentiles.Of(overHttp, 95),8:F2}");
Console.WriteLine($"{"  through the grain",-40} {Percentiles.Of(throughGrain, 50),8:F2} {Percentiles.Of(throughGrain, 95),8:F2}");

foreach (var concurrency in new[] { 1, 2, 4 })
{
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
        async (i, ct) => await NewSandboxOverHttpAsync($"hundred-{concurrency}-{i}"));
    Console.WriteLine($"100 sandboxes x print(1) over HTTP, {concurrency} at a time: {clock.Elapsed.TotalSeconds:F2} s ({100 / clock.Elapsed.TotalSeconds:F1} sandboxes/s)");
}

var before = Memory.Measure();
var create = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, idleCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    using var response = await http.PutAsJsonAsync($"/v1/sandboxes/idle-{i}", new { sleepAfter = "1s" }, ct);
    response.EnsureSuccessStatusCode();
});
Console.WriteLine($"{idleCount} sandboxes created in {create.Elapsed.TotalSeconds:F2} s");
var awake = Memory.Measure();
await Task.Delay(TimeSpan.FromSeconds(4));
var asleep = Memory.Measure();
Console.WriteLine($"memory (managed / resident MB): before {before.ManagedMb:F1} / {before.ResidentMb:F1}; " +
    $"{idleCount} awake {awake.ManagedMb:F1} / {awake.ResidentMb:F1}; after sleeping {asleep.ManagedMb:F1} / {asleep.ResidentMb:F1}");
Console.WriteLine($"per idle sandbox while awake: {(awake.ManagedMb - before.ManagedMb) * 1024 / idleCount:F1} KB managed");

await app.StopAsync();
await app.DisposeAsync();
Directory.Delete(dataRoot, recursive: true);

async Task<double> NewSandboxOverHttpAsync(string id)
{
    var clock = Stopwatch.StartNew();
    using (var put = await http.PutAsync($"/v1/sandboxes/{id}", null))
        put.EnsureSuccessStatusCode();
    using var exec = await http.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command = PrintOne });
    var body = await exec.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    if (body.GetProperty("stdout").GetString() != "1\n")
        throw new InvalidOperationException($"unexpected result {body}");
    return clock.Elapsed.TotalMilliseconds;
}

async Task<double> NewSandboxThroughGrainAsync(string id)
{
    var clock = Stopwatch.StartNew();
    var grain = grains.Get(new SandboxAddress(SandboxAddress.DefaultTenant, id));
    await grain.CreateOrUpdateAsync(new SandboxSettings());
    await foreach (var item in grain.ExecAsync(new ExecCommand { Command = PrintOne }))
    {
        if (item is ExecChunk)
            break; // first output
    }
    return clock.Elapsed.TotalMilliseconds;
}
