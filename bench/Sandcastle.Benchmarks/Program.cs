using Microsoft.Extensions.Options;
using Sandcastle.Benchmarks;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

// Raw process spawn vs sandboxed execution of the same program, side by side in one run.
// Usage: dotnet run -c Release --project bench/Sandcastle.Benchmarks [-- iterations]
var iterations = args.Length > 0 ? int.Parse(args[0]) : 60;
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
// The same engine with workspaces as plain directories under the walking watcher (as before kernel quotas).
var directoryRoot = Directory.CreateTempSubdirectory("sandcastle-bench-dirs-").FullName;
await using var directoryEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = directoryRoot, KernelWorkspaceQuota = false }));
await directoryEngine.WarmUpAsync();
var created = 0;

Console.WriteLine($"cgroup {engine.CgroupVersion}, {Environment.ProcessorCount} cores, {iterations} runs per row, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"workspace quota: {engine.WorkspaceQuotaEnforcement}");
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
    ("fresh dir sandbox per run, print(1)", async ct =>
    {
        await using var fresh = directoryEngine.CreateEphemeral();
        await fresh.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct);
    }),
    ("named sandbox create+destroy", async ct =>
    {
        var id = $"bench-new-{Interlocked.Increment(ref created)}";
        engine.GetOrCreate(id);
        await engine.DestroyAsync(id, ct);
    }),
    ("networked python print(1)", ct => networked.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("raw node -e console.log(1)", ct => RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], ct)),
    ("sandboxed javascript console.log(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"), ct)),
};
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
Console.WriteLine();
Console.WriteLine("ratios (sandboxed / raw): p50 latency at concurrency 1, throughput at 1, 2, 4");
foreach (var (raw, boxed) in new[] { (cases[0].Name, cases[1].Name), (cases[0].Name, cases[2].Name), (cases[0].Name, cases[3].Name), (cases[0].Name, cases[4].Name), (cases[0].Name, cases[5].Name), (cases[8].Name, cases[9].Name) })
{
    Console.WriteLine($"{boxed,-34} p50 x{results[(boxed, 1)].P50 / results[(raw, 1)].P50:F2}; throughput "
        + string.Join(", ", new[] { 1, 2, 4 }.Select(c => $"c{c} {results[(boxed, c)].Throughput / results[(raw, c)].Throughput:P0}")));
}
Console.WriteLine($"{cases[7].Name,-34} p50 {results[(cases[7].Name, 1)].P50 - results[(cases[1].Name, 1)].P50:+0.00;-0.00} ms over {cases[1].Name} (target: under 1 ms)");
Console.WriteLine($"{cases[4].Name,-34} p50 {results[(cases[4].Name, 1)].P50 - results[(cases[5].Name, 1)].P50:+0.00;-0.00} ms over {cases[5].Name} (a tmpfs mounted and unmounted)");
Console.WriteLine($"{cases[6].Name,-34} p50 {results[(cases[6].Name, 1)].P50:F2} ms (mkfs.ext4, mount -o loop; never on an execution's path)");
await engine.DestroyAsync("bench");
await engine.DestroyAsync("bench-net");
await launcherEngine.DestroyAsync("bench-launcher");
// Disposed before the delete: the owning engine unmounts the volumes directory.
await launcherEngine.DisposeAsync();
await directoryEngine.DisposeAsync();
await engine.DisposeAsync();
Directory.Delete(dataRoot, recursive: true);
Directory.Delete(directoryRoot, recursive: true);
