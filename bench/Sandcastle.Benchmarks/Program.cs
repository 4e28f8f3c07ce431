using Microsoft.Extensions.Options;
using Sandcastle.Benchmarks;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

// Raw process spawn vs sandboxed execution of the same program, side by side in one run.
// Usage: dotnet run -c Release --project bench/Sandcastle.Benchmarks [-- iterations [rows]]
// rows: only the cases whose name contains it (e.g. "script" for the JavaScript and TypeScript rows and their baseline).
var iterations = args.Length > 0 ? int.Parse(args[0]) : 60;
var only = args.Length > 1 ? args[1] : null;
var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-").FullName;
await using var engine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot }));
var sandbox = engine.GetOrCreate("bench");
// A networked execution also gets the egress proxy's door opened in its namespace (nothing connects through it here).
var networked = engine.GetOrCreate("bench-net");
networked.Network = NetworkPolicy.Parse(["*"]);
// Executions are forked by the engine's fork server; the first one would start it.
await engine.WarmUpAsync();
await using var launcherEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot, ForkServer = false }));
var launched = launcherEngine.GetOrCreate("bench-launcher");

Console.WriteLine($"cgroup {engine.CgroupVersion}, {Environment.ProcessorCount} cores, {iterations} runs per row");
Console.WriteLine($"{"case",-34} {"conc",4} {"p50 ms",8} {"p95 ms",8} {"runs/s",8}");
var cases = new (string Name, Func<CancellationToken, Task> Run)[]
{
    ("raw python3 -c print(1)", ct => RawSpawn.RunAsync("/usr/bin/python3", ["-c", "print(1)"], ct)),
    ("sandboxed python print(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("python3 -c print(1) in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("/usr/bin/python3 -c 'print(1)'"), ct)),
    ("launcher per run, python print(1)", ct => launched.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("fresh sandbox per run, print(1)", async ct =>
    {
        await using var fresh = engine.CreateEphemeral();
        await fresh.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct);
    }),
    ("networked python print(1)", ct => networked.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("raw node -e console.log(1)", ct => RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], ct)),
    ("sandboxed javascript console.log(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"), ct)),
    ("sandboxed typescript console.log(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const n: number = 1; console.log(n)"), ct)),
};
// The raw baselines are always measured: every ratio needs one.
cases = [.. cases.Where(c => only is null || c.Name.StartsWith("raw ", StringComparison.Ordinal) || c.Name.Contains(only, StringComparison.Ordinal))];
var results = new Dictionary<(string, int), Measurement>();
foreach (var concurrency in new[] { 1, 2, 4 })
{
    foreach (var (name, run) in cases)
    {
        var m = await Measurement.RunAsync(run, iterations, concurrency);
        results[(name, concurrency)] = m;
        Console.WriteLine($"{name,-34} {concurrency,4} {m.P50,8:F2} {m.P95,8:F2} {m.Throughput,8:F1}");
    }
}
// Warm Nodes against Nodes started per run, runs 0.25 s apart (an agent's exec every few seconds, not back to back:
// the pools refill between them), interleaved round by round so that the machine's load weighs on each alike.
await using var ownNodeEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot, WarmNode = false }));
await ownNodeEngine.WarmUpAsync();
var ownNode = ownNodeEngine.GetOrCreate("bench-own-node");
var apart = new (string Name, Func<Task> Run)[]
{
    ("raw node -e, 0.25 s apart", () => RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], CancellationToken.None)),
    ("warm javascript, 0.25 s apart", () => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"))),
    ("own-node javascript, 0.25 s apart", () => ownNode.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"))),
    ("warm typescript, 0.25 s apart", () => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const n: number = 1; console.log(n)"))),
    ("own-node typescript, 0.25 s apart", () => ownNode.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const n: number = 1; console.log(n)"))),
};
if (only is null || "javascript typescript".Contains(only, StringComparison.Ordinal))
{
    var apartLatencies = apart.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < iterations + 2; round++)
    {
        for (var i = 0; i < apart.Length; i++)
        {
            await Task.Delay(250);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await apart[i].Run();
            if (round >= 2)
                apartLatencies[i].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    for (var i = 0; i < apart.Length; i++)
    {
        var sorted = apartLatencies[i].Order().ToArray();
        var m = new Measurement(sorted[sorted.Length / 2], sorted[(int)Math.Round(0.95 * (sorted.Length - 1))], 0);
        results[(apart[i].Name, 1)] = m;
        Console.WriteLine($"{apart[i].Name,-34} {1,4} {m.P50,8:F2} {m.P95,8:F2}");
    }
}
Console.WriteLine();
Console.WriteLine("ratios (sandboxed / raw): p50 latency at concurrency 1, throughput at 1, 2, 4");
var pairs = new[]
{
    ("raw python3 -c print(1)", "sandboxed python print(1)"), ("raw python3 -c print(1)", "python3 -c print(1) in a sandbox"),
    ("raw python3 -c print(1)", "launcher per run, python print(1)"), ("raw python3 -c print(1)", "fresh sandbox per run, print(1)"),
    ("raw node -e console.log(1)", "sandboxed javascript console.log(1)"), ("raw node -e console.log(1)", "sandboxed typescript console.log(1)"),
};
foreach (var (raw, boxed) in pairs.Where(p => results.ContainsKey((p.Item1, 1)) && results.ContainsKey((p.Item2, 1))))
{
    Console.WriteLine($"{boxed,-34} p50 x{results[(boxed, 1)].P50 / results[(raw, 1)].P50:F2}; throughput "
        + string.Join(", ", new[] { 1, 2, 4 }.Select(c => $"c{c} {results[(boxed, c)].Throughput / results[(raw, c)].Throughput:P0}")));
}
foreach (var (name, _) in apart.Skip(1).Where(a => results.ContainsKey((a.Name, 1))))
    Console.WriteLine($"{name,-34} p50 x{results[(name, 1)].P50 / results[(apart[0].Name, 1)].P50:F2} vs raw node -e 0.25 s apart");
if (results.ContainsKey(("networked python print(1)", 1)) && results.ContainsKey(("sandboxed python print(1)", 1)))
    Console.WriteLine($"{"networked python print(1)",-34} p50 {results[("networked python print(1)", 1)].P50 - results[("sandboxed python print(1)", 1)].P50:+0.00;-0.00} ms over sandboxed python print(1) (target: under 1 ms)");
await engine.DestroyAsync("bench");
await engine.DestroyAsync("bench-net");
await launcherEngine.DestroyAsync("bench-launcher");
await ownNodeEngine.DestroyAsync("bench-own-node");
Directory.Delete(dataRoot, recursive: true);
