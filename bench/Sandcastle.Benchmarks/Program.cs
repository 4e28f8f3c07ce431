using Microsoft.Extensions.Options;
using Sandcastle.Benchmarks;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sandbox.Network;

// Raw process spawn vs sandboxed execution of the same program, side by side in one run.
// Usage: dotnet run -c Release --project bench/Sandcastle.Benchmarks [-- iterations [rows]] [--host-cpu-group] [--concurrency=1,2,4]
// rows: only the cases whose name contains it (e.g. "script" for the JavaScript and TypeScript rows and their baseline).
// --concurrency: only these levels (latency comparisons at 1 alone do not wait for the machine to cool after 4).
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var concurrencies = args.FirstOrDefault(a => a.StartsWith("--concurrency=", StringComparison.Ordinal)) is { } levels
    ? levels["--concurrency=".Length..].Split(',').Select(int.Parse).ToArray()
    : [1, 2, 4];
var iterations = positional.Length > 0 ? int.Parse(positional[0]) : 60;
var only = positional.Length > 1 ? positional[1] : null;
// "--host-cpu-group": leave the bench (and its raw spawns) in the host's cpu group instead of beside the executions'.
using var cpuGroup = args.Contains("--host-cpu-group") ? null : CpuGroup.Enter(new SandboxOptions().CgroupParent);
var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-").FullName;
// Tenants may use the whole machine here: the rows in tenants' sandboxes measure what a tenant costs, not the share
// of the machine each is capped at by default (half of its cores: on two, one core for the tenant's runs together).
await using var engine = new SandboxEngine(Options.Create(new SandboxOptions
{
    DataRoot = dataRoot,
    Tenants = new TenantLimits { CpuCores = Environment.ProcessorCount },
}));
var sandbox = engine.GetOrCreate("bench");
// A networked execution also gets the egress proxy's door opened in its namespace (nothing connects through it here).
var networked = engine.GetOrCreate("bench-net");
networked.Network = NetworkPolicy.Parse(["*"]);
// Sandboxes of tenants: their executions' cgroups sit in their tenant's, and the fork server keeps spares per tenant.
var tenantA = engine.GetOrCreate("bench-tenant-a");
tenantA.Tenant = "bench-a";
var tenantB = engine.GetOrCreate("bench-tenant-b");
tenantB.Tenant = "bench-b";
var alternation = 0;
// Executions are forked by the engine's fork server; the first one would start it.
await engine.WarmUpAsync();
await using var launcherEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot, ForkServer = false }));
var launched = launcherEngine.GetOrCreate("bench-launcher");
// The same engine with workspaces as plain directories under the walking watcher (as before kernel quotas).
var directoryRoot = Directory.CreateTempSubdirectory("sandcastle-bench-dirs-").FullName;
await using var directoryEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = directoryRoot, KernelWorkspaceQuota = false }));
await directoryEngine.WarmUpAsync();
// Warm Nodes that strip TypeScript's types with esbuild's command line, as before the type stripper: its baseline.
await using var esbuildEngine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot, TypeStripperPath = null }));
await esbuildEngine.WarmUpAsync();
var viaEsbuild = esbuildEngine.GetOrCreate("bench-esbuild");
// Every command and warm Node in a plain spare (pid 1 a fork of the fork server's Python), as before native spares;
// its tenants use the whole machine too.
await using var plainSparesEngine = new SandboxEngine(Options.Create(new SandboxOptions
{
    DataRoot = dataRoot,
    CommandSpares = false,
    Tenants = new TenantLimits { CpuCores = Environment.ProcessorCount },
}));
await plainSparesEngine.WarmUpAsync();
var plainSpares = plainSparesEngine.GetOrCreate("bench-plain-spares");
var created = 0;

Console.WriteLine($"cgroup {engine.CgroupVersion}, {Environment.ProcessorCount} cores, {iterations} runs per row, in {cpuGroup?.Description ?? "the host's cpu group"}, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"workspace quota: {engine.WorkspaceQuotaEnforcement}");
Console.WriteLine("each row first runs its case until the JIT is done with it (warm-up runs), as in a server that has been up a while");
Console.WriteLine($"{"case",-36} {"conc",4} {"p50 ms",8} {"p95 ms",8} {"runs/s",8} {"cpu ms/run",10} {"warm-up",7}");
var typeScript = "const n: number = 1; console.log(n);";
var esbuild = new SandboxOptions().EsbuildPath;
var versionedPython = new FileInfo("/usr/bin/python3").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/python3";
// `node app.js`: the same one-line program as a file, raw on the host and as a command in a sandbox of its own
// tenant's (a tenant's warm Nodes follow its latest kind of run: commands here would take the snippets' places).
var appJs = "console.log(1);\n"u8.ToArray();
var rawNodeFile = Path.Combine(dataRoot, "app.js");
File.WriteAllBytes(rawNodeFile, appJs);
var commandSandbox = engine.GetOrCreate("bench-node-command");
commandSandbox.Tenant = "bench-node";
await commandSandbox.Files.WriteBytesAsync("app.js", appJs);
var plainCommandSandbox = plainSparesEngine.GetOrCreate("bench-node-command-plain");
plainCommandSandbox.Tenant = "bench-node";
await plainCommandSandbox.Files.WriteBytesAsync("app.js", appJs);
var cases = new (string Name, Func<CancellationToken, Task> Run)[]
{
    ("raw python3 -c print(1)", ct => RawSpawn.RunAsync("/usr/bin/python3", ["-c", "print(1)"], ct)),
    ("sandboxed python print(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    // A python3 command runs in pid 1's already-started interpreter, as a snippet does (python_command.py).
    ("python3 -c print(1) in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("/usr/bin/python3 -c 'print(1)'"), ct)),
    // The same interpreter named by its versioned path is not the fork server's own: pid 1 execs it, without bash.
    ("python3 -c print(1) exec'd in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand($"{versionedPython} -c 'print(1)'"), ct)),
    // `exec` makes bash run it, as before pid 1 exec'd plain commands itself.
    ("python3 -c print(1) via bash in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("exec /usr/bin/python3 -c 'print(1)'"), ct)),
    ("raw bash -c python3 -c print(1)", ct => RawSpawn.RunAsync("/bin/bash", ["-c", "/usr/bin/python3 -c 'print(1)'"], ct)),
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
    ("a tenant's python print(1)", ct => tenantA.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("two tenants in turn, print(1)", ct => (Interlocked.Increment(ref alternation) % 2 == 0 ? tenantA : tenantB)
        .RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, "print(1)"), ct)),
    ("raw bash -c true", ct => RawSpawn.RunAsync("/bin/bash", ["-c", "true"], ct)),
    ("true in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("true"), ct)),
    ("true in a sandbox, plain spares", ct => plainSpares.RunAsync(ExecRequest.ForCommand("true"), ct)),
    // A program pid 1 execs itself, without bash.
    ("raw /bin/true", ct => RawSpawn.RunAsync("/bin/true", [], ct)),
    ("/bin/true in a sandbox", ct => sandbox.RunAsync(ExecRequest.ForCommand("/bin/true"), ct)),
    ("/bin/true in a sandbox, plain spares", ct => plainSpares.RunAsync(ExecRequest.ForCommand("/bin/true"), ct)),
    ("python3 -c print(1) exec'd, plain spares", ct => plainSpares.RunAsync(ExecRequest.ForCommand($"{versionedPython} -c 'print(1)'"), ct)),
    ("networked true in a sandbox", ct => networked.RunAsync(ExecRequest.ForCommand("true"), ct)),
    ("raw node -e console.log(1)", ct => RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], ct)),
    ("sandboxed javascript console.log(1)", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"), ct)),
    // Warm Nodes started from plain spares (pid 1 a fork of the fork server's Python), as before native warm Nodes.
    ("sandboxed javascript, plain spares", ct => plainSpares.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"), ct)),
    ("raw node app.js", ct => RawSpawn.RunAsync("/usr/bin/node", [rawNodeFile], ct)),
    // A `node FILE` command runs in a Node warmed for commands (Native/node.c; warm_node.py in plain spares).
    ("node app.js in a sandbox", ct => commandSandbox.RunAsync(ExecRequest.ForCommand("node app.js"), ct)),
    ("node app.js in a sandbox, plain spares", ct => plainCommandSandbox.RunAsync(ExecRequest.ForCommand("node app.js"), ct)),
    ("raw esbuild + node main.ts", ct => RawSpawn.RunTypeScriptAsync(esbuild, typeScript, ct)),
    ("sandboxed typescript", ct => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript), ct)),
    ("sandboxed typescript, plain spares", ct => plainSpares.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript), ct)),
    ("sandboxed typescript via esbuild", ct => viaEsbuild.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript), ct)),
};
// The raw baselines are always measured: every ratio needs one.
cases = [.. cases.Where(c => only is null || c.Name.StartsWith("raw ", StringComparison.Ordinal) || c.Name.Contains(only, StringComparison.Ordinal))];
var results = new Dictionary<(string, int), Measurement>();
foreach (var concurrency in concurrencies)
{
    foreach (var (name, run) in cases)
    {
        var m = await Measurement.RunAsync(run, iterations, concurrency);
        results[(name, concurrency)] = m;
        Console.WriteLine($"{name,-36} {concurrency,4} {m.P50,8:F2} {m.P95,8:F2} {m.Throughput,8:F1} {m.CpuMsPerRun,10:F1} {m.WarmUpRuns,7}  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
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
    ("warm typescript, 0.25 s apart", () => sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript))),
    ("warm ts via esbuild, 0.25 s apart", () => viaEsbuild.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript))),
    ("own-node typescript, 0.25 s apart", () => ownNode.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, typeScript))),
};
// A `node FILE` command's Node starts without a snippet's flag: an agent running `node app.js` now and then, against
// the raw command.
var commandsApart = new (string Name, Func<Task> Run)[]
{
    ("raw node app.js, 0.25 s apart", () => RawSpawn.RunAsync("/usr/bin/node", [rawNodeFile], CancellationToken.None)),
    ("warm node app.js, 0.25 s apart", () => commandSandbox.RunAsync(ExecRequest.ForCommand("node app.js"))),
    // A variable Node reads at its start (its default value here) keeps a command off warm Nodes: one started per
    // run, as every `node FILE` was before.
    ("own-node node app.js, 0.25 s apart", () => commandSandbox.RunAsync(ExecRequest.ForCommand("node app.js") with
    {
        Environment = new Dictionary<string, string> { ["UV_THREADPOOL_SIZE"] = "4" },
    })),
};
// A snippet and a command at once, as an agent's turn may make them: the command comes before the snippet's
// replacement Node is warmed, and the tenant runs both kinds by turns.
var mixed = engine.GetOrCreate("bench-mixed");
mixed.Tenant = "bench-mixed";
await mixed.Files.WriteBytesAsync("app.js", appJs);
var mixedApart = new (string Name, Func<Task> Run)[]
{
    ("raw node -e, node app.js, 0.25 s apart", async () =>
    {
        await RawSpawn.RunAsync("/usr/bin/node", ["-e", "console.log(1)"], CancellationToken.None);
        await RawSpawn.RunAsync("/usr/bin/node", [rawNodeFile], CancellationToken.None);
    }),
    ("a snippet, node app.js, 0.25 s apart", async () =>
    {
        await mixed.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log(1)"));
        await mixed.RunAsync(ExecRequest.ForCommand("node app.js"));
    }),
};
if (only is null || "javascript typescript".Contains(only, StringComparison.Ordinal))
    await MeasureApartAsync(apart);
// Commands now and then, as an agent runs them: in spares warmed for commands against plain ones, and raw.
var trueApart = new (string Name, Func<Task> Run)[]
{
    ("raw /bin/true, 0.25 s apart", () => RawSpawn.RunAsync("/bin/true", [], CancellationToken.None)),
    ("/bin/true, 0.25 s apart", () => sandbox.RunAsync(ExecRequest.ForCommand("/bin/true"))),
    ("/bin/true plain spares, 0.25 s apart", () => plainSpares.RunAsync(ExecRequest.ForCommand("/bin/true"))),
    ("raw bash -c true, 0.25 s apart", () => RawSpawn.RunAsync("/bin/bash", ["-c", "true"], CancellationToken.None)),
    ("true, 0.25 s apart", () => sandbox.RunAsync(ExecRequest.ForCommand("true"))),
    ("true plain spares, 0.25 s apart", () => plainSpares.RunAsync(ExecRequest.ForCommand("true"))),
};
if (only is null || "true".Contains(only, StringComparison.Ordinal))
    await MeasureApartAsync(trueApart);
if (only is null || "node app.js".Contains(only, StringComparison.Ordinal))
{
    await MeasureApartAsync(commandsApart);
    await MeasureApartAsync(mixedApart);
}

async Task MeasureApartAsync((string Name, Func<Task> Run)[] runs)
{
    var latencies = runs.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < iterations + 2; round++)
    {
        for (var i = 0; i < runs.Length; i++)
        {
            await Task.Delay(250);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await runs[i].Run();
            if (round >= 2)
                latencies[i].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    for (var i = 0; i < runs.Length; i++)
    {
        var sorted = latencies[i].Order().ToArray();
        var m = new Measurement(sorted[sorted.Length / 2], sorted[(int)Math.Round(0.95 * (sorted.Length - 1))], 0);
        results[(runs[i].Name, 1)] = m;
        Console.WriteLine($"{runs[i].Name,-36} {1,4} {m.P50,8:F2} {m.P95,8:F2}");
    }
}
bool Has(params string[] names) => names.All(name => results.ContainsKey((name, 1)));
Console.WriteLine();
Console.WriteLine("ratios (sandboxed / raw): p50 latency at concurrency 1, the sandbox's own cost (p50 difference), throughput at 1, 2, 4");
const string RawPython = "raw python3 -c print(1)";
var pairs = new[] { "sandboxed python print(1)", "python3 -c print(1) in a sandbox", "python3 -c print(1) exec'd in a sandbox", "python3 -c print(1) via bash in a sandbox", "launcher per run, python print(1)",
        "fresh sandbox per run, print(1)", "fresh dir sandbox per run, print(1)" }.Select(b => (RawPython, b))
    .Append(("raw bash -c python3 -c print(1)", "python3 -c print(1) via bash in a sandbox"))
    .Append(("raw bash -c true", "true in a sandbox"))
    .Append(("raw bash -c true", "true in a sandbox, plain spares"))
    .Append(("raw /bin/true", "/bin/true in a sandbox"))
    .Append(("raw /bin/true", "/bin/true in a sandbox, plain spares"))
    .Append((RawPython, "python3 -c print(1) exec'd, plain spares"))
    .Append(("raw node -e console.log(1)", "sandboxed javascript console.log(1)"))
    .Append(("raw node -e console.log(1)", "sandboxed javascript, plain spares"))
    .Append(("raw node app.js", "node app.js in a sandbox"))
    .Append(("raw node app.js", "node app.js in a sandbox, plain spares"))
    .Append(("raw esbuild + node main.ts", "sandboxed typescript"))
    .Append(("raw esbuild + node main.ts", "sandboxed typescript, plain spares"))
    .Append(("raw esbuild + node main.ts", "sandboxed typescript via esbuild"))
    .Append(("raw node -e console.log(1)", "sandboxed typescript"));
foreach (var (raw, boxed) in pairs.Where(p => Has(p.Item1, p.Item2)))
{
    Console.WriteLine($"{boxed,-36} p50 x{results[(boxed, 1)].P50 / results[(raw, 1)].P50:F2} vs {raw} ({results[(boxed, 1)].P50 - results[(raw, 1)].P50:+0.00;-0.00} ms); throughput "
        + string.Join(", ", concurrencies.Select(c => $"c{c} {results[(boxed, c)].Throughput / results[(raw, c)].Throughput:P0}"))
        + $"; cpu per run at c{concurrencies[^1]} x{results[(boxed, concurrencies[^1])].CpuMsPerRun / results[(raw, concurrencies[^1])].CpuMsPerRun:F2}");
}
foreach (var (name, _) in apart.Skip(1).Where(a => Has(a.Name)))
    Console.WriteLine($"{name,-36} p50 x{results[(name, 1)].P50 / results[(apart[0].Name, 1)].P50:F2} vs raw node -e 0.25 s apart");
foreach (var (raw, boxed) in new[] { (0, 1), (0, 2), (3, 4), (3, 5) }.Select(p => (trueApart[p.Item1].Name, trueApart[p.Item2].Name)).Where(p => Has(p.Item1, p.Item2)))
    Console.WriteLine($"{boxed,-36} p50 {results[(boxed, 1)].P50 - results[(raw, 1)].P50:+0.00;-0.00} ms over {raw}");
foreach (var (name, _) in commandsApart.Skip(1).Where(a => Has(commandsApart[0].Name, a.Name)))
    Console.WriteLine($"{name,-36} p50 x{results[(name, 1)].P50 / results[(commandsApart[0].Name, 1)].P50:F2} vs raw node app.js 0.25 s apart");
foreach (var (name, _) in mixedApart.Skip(1).Where(a => Has(mixedApart[0].Name, a.Name)))
    Console.WriteLine($"{name,-36} p50 x{results[(name, 1)].P50 / results[(mixedApart[0].Name, 1)].P50:F2} vs raw node -e and node app.js 0.25 s apart");
void Over(string name, string baseline, string note)
{
    if (Has(name, baseline))
        Console.WriteLine($"{name,-36} p50 {results[(name, 1)].P50 - results[(baseline, 1)].P50:+0.00;-0.00} ms over {baseline} ({note})");
}
Over("networked python print(1)", "sandboxed python print(1)", "target: under 1 ms");
Over("networked true in a sandbox", "true in a sandbox", "target: under 1 ms");
Over("fresh sandbox per run, print(1)", "fresh dir sandbox per run, print(1)", "a tmpfs mounted and unmounted");
if (Has("named sandbox create+destroy"))
    Console.WriteLine($"{"named sandbox create+destroy",-36} p50 {results[("named sandbox create+destroy", 1)].P50:F2} ms (mkfs.ext4, mount -o loop; never on an execution's path)");
// Tenants' cost, and a command exec'd without bash, each interleaved run by run with its baseline so that the
// machine's load weighs on each case alike.
await Interleave("sandboxed python print(1)", "a tenant's python print(1)", "two tenants in turn, print(1)");
await Interleave("python3 -c print(1) via bash in a sandbox", "python3 -c print(1) exec'd in a sandbox", "python3 -c print(1) in a sandbox");
// Spares warmed for commands against plain ones (pid 1 in C, or a fork of the fork server's Python).
await Interleave("true in a sandbox, plain spares", "true in a sandbox");
await Interleave("/bin/true in a sandbox, plain spares", "/bin/true in a sandbox");
await Interleave("python3 -c print(1) exec'd, plain spares", "python3 -c print(1) exec'd in a sandbox");

async Task Interleave(string baseline, params string[] names)
{
    var interleaved = names.Prepend(baseline).Select(name => cases.FirstOrDefault(c => c.Name == name)).ToArray();
    if (interleaved.Any(c => c.Run is null))
        return;
    var samples = interleaved.Select(_ => new List<double>()).ToArray();
    // Each round in a new order, so that no case always runs right after the same one and its leftover work.
    var order = Enumerable.Range(0, interleaved.Length).ToArray();
    var random = new Random(20261204);
    for (var round = 0; round < iterations; round++)
    {
        random.Shuffle(order);
        foreach (var i in order)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await interleaved[i].Run(CancellationToken.None);
            samples[i].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    var medians = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
    Console.WriteLine($"interleaved p50: {string.Join(", ", interleaved.Select((c, i) => $"{c.Name} {medians[i]:F2} ms"))}");
    for (var i = 1; i < interleaved.Length; i++)
        Console.WriteLine($"{interleaved[i].Name,-36} p50 {medians[i] - medians[0]:+0.00;-0.00} ms over {baseline}, interleaved");
}
// Snapshot and restore of a 100 MB workspace (half random, half text, 100 files) against tar and gzip -1 on the
// host, the same files, side by side.
if (only is null || "snapshot".Contains(only, StringComparison.Ordinal))
{
    var snapshotSource = engine.GetOrCreate("bench-snapshot", SandboxLimits.Default with { WorkspaceQuotaBytes = 256L * 1024 * 1024 });
    var filled = await snapshotSource.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, """
        import os
        for i in range(50):
            open(f"random-{i}.bin", "wb").write(os.urandom(1 << 20))
            open(f"text-{i}.txt", "w").write(("line %d of a log file with some words in it\n" % i) * 23000)
        """));
    if (!filled.Result.Success)
        throw new InvalidOperationException(filled.Stderr);
    var archivePath = Path.Combine(dataRoot, "bench-snapshot.tar.gz");
    var rawSource = Directory.CreateDirectory(Path.Combine(dataRoot, "raw-snapshot-source")).FullName;
    await using (var archive = File.Create(archivePath))
        await snapshotSource.WriteArchiveAsync(archive);
    await RawSpawn.RunAsync("/bin/tar", ["-xzf", archivePath, "-C", rawSource], CancellationToken.None);
    var rawArchive = Path.Combine(dataRoot, "raw-snapshot.tar.gz");
    var rawTarget = Path.Combine(dataRoot, "raw-snapshot-target");
    var restoreTarget = engine.GetOrCreate("bench-restore", SandboxLimits.Default with { WorkspaceQuotaBytes = 256L * 1024 * 1024 });
    var snapshotCases = new (string Name, Func<Task> Run)[]
    {
        ("raw tar | gzip -1, 100 MB", () => RawSpawn.RunAsync("/bin/tar", ["-I", "gzip -1", "-cf", rawArchive, "-C", rawSource, "."], CancellationToken.None)),
        ("snapshot of a 100 MB workspace", async () =>
        {
            await using var archive = File.Create(archivePath);
            await snapshotSource.WriteArchiveAsync(archive);
        }),
        ("raw gunzip | tar -x, 100 MB", async () =>
        {
            if (Directory.Exists(rawTarget))
                Directory.Delete(rawTarget, recursive: true);
            Directory.CreateDirectory(rawTarget);
            await RawSpawn.RunAsync("/bin/tar", ["-xzf", rawArchive, "-C", rawTarget], CancellationToken.None);
        }),
        ("restore of a 100 MB workspace", async () =>
        {
            await using var archive = File.OpenRead(archivePath);
            await restoreTarget.RestoreArchiveAsync(archive, WorkspaceArchiveLimits.Default);
        }),
    };
    var snapshotTimes = snapshotCases.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < 5; round++)
    {
        for (var i = 0; i < snapshotCases.Length; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await snapshotCases[i].Run();
            snapshotTimes[i].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    var snapshotMedians = snapshotTimes.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
    Console.WriteLine($"archive {new FileInfo(archivePath).Length / 1e6:F1} MB, tar's {new FileInfo(rawArchive).Length / 1e6:F1} MB; p50 of 5, interleaved:");
    for (var i = 0; i < snapshotCases.Length; i += 2)
        Console.WriteLine($"{snapshotCases[i + 1].Name,-36} p50 {snapshotMedians[i + 1]:F0} ms vs {snapshotCases[i].Name} {snapshotMedians[i]:F0} ms: x{snapshotMedians[i + 1] / snapshotMedians[i]:F2}");
    await engine.DestroyAsync("bench-snapshot");
    await engine.DestroyAsync("bench-restore");
}
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
await engine.DestroyAsync("bench");
await engine.DestroyAsync("bench-tenant-a");
await engine.DestroyAsync("bench-tenant-b");
await engine.DestroyAsync("bench-net");
await launcherEngine.DestroyAsync("bench-launcher");
await ownNodeEngine.DestroyAsync("bench-own-node");
await plainSparesEngine.DestroyAsync("bench-plain-spares");
await plainSparesEngine.DestroyAsync("bench-node-command-plain");
await plainSparesEngine.DisposeAsync();
// Disposed before the delete: the owning engine unmounts the volumes directory.
await launcherEngine.DisposeAsync();
await ownNodeEngine.DisposeAsync();
await directoryEngine.DisposeAsync();
await engine.DisposeAsync();
Directory.Delete(dataRoot, recursive: true);
Directory.Delete(directoryRoot, recursive: true);
