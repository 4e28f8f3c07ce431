using Microsoft.Extensions.Options;
using Sandcastle.Benchmarks;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

// Raw process spawn vs sandboxed execution of the same program, side by side in one run.
// Usage: dotnet run -c Release --project bench/Sandcastle.Benchmarks [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0]) : 60;
// "--host-cpu-group": leave the bench (and its raw spawns) in the host's cpu group instead of beside the executions'.
using var cpuGroup = args.Contains("--host-cpu-group") ? null : CpuGroup.Enter(new SandboxOptions().CgroupParent);
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

Console.WriteLine($"cgroup {engine.CgroupVersion}, {Environment.ProcessorCount} cores, {iterations} runs per row, in {cpuGroup?.Description ?? "the host's cpu group"}");
Console.WriteLine($"{"case",-36} {"conc",4} {"p50 ms",8} {"p95 ms",8} {"runs/s",8}");
var typeScript = "const n: number = 1; console.log(n);";
var esbuild = new SandboxOptions().EsbuildPath;
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
    ("raw bash -c true", ct => RawSpawn.RunAsync("/bin/bash", ["-c", "true"], ct)),
    ("true in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("true"), ct)),
    ("networked true in a sandbox", ct => networked.RunAsync(ExecRequest.ForCommand("true"), ct)),
    ("raw node -e console.log(1)", ct => RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], ct)),
    ("sandboxed javascript console.log(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"), ct)),
    ("raw esbuild + node main.ts", ct => RawSpawn.RunTypeScriptAsync(esbuild, typeScript, ct)),
    ("sandboxed typescript", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript), ct)),
};
var results = new Dictionary<(string, int), Measurement>();
foreach (var concurrency in new[] { 1, 2, 4 })
{
    foreach (var (name, run) in cases)
    {
        var m = await Measurement.RunAsync(run, iterations, concurrency);
        results[(name, concurrency)] = m;
        Console.WriteLine($"{name,-36} {concurrency,4} {m.P50,8:F2} {m.P95,8:F2} {m.Throughput,8:F1}  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
}
string Name(int i) => cases[i].Name;
Console.WriteLine();
Console.WriteLine("ratios (sandboxed / raw): p50 latency at concurrency 1, the sandbox's own cost (p50 difference), throughput at 1, 2, 4");
foreach (var (raw, boxed) in new[] { (0, 1), (0, 2), (0, 3), (0, 4), (6, 7), (9, 10), (11, 12) })
{
    Console.WriteLine($"{Name(boxed),-36} p50 x{results[(Name(boxed), 1)].P50 / results[(Name(raw), 1)].P50:F2} ({results[(Name(boxed), 1)].P50 - results[(Name(raw), 1)].P50:+0.00;-0.00} ms); throughput "
        + string.Join(", ", new[] { 1, 2, 4 }.Select(c => $"c{c} {results[(Name(boxed), c)].Throughput / results[(Name(raw), c)].Throughput:P0}")));
}
foreach (var (plain, net) in new[] { (1, 5), (7, 8) })
    Console.WriteLine($"{Name(net),-36} p50 {results[(Name(net), 1)].P50 - results[(Name(plain), 1)].P50:+0.00;-0.00} ms over {Name(plain)} (target: under 1 ms)");
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
await engine.DestroyAsync("bench");
await engine.DestroyAsync("bench-net");
await launcherEngine.DestroyAsync("bench-launcher");
Directory.Delete(dataRoot, recursive: true);
