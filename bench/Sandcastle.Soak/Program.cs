using System.Diagnostics;
using Sandcastle.Soak;
using Sandcastle.Testing.Attacks;

// Two real `sandcastle serve` processes on this machine, two tenants each (one of them attacks), thousands of mixed
// operations, then: no unexplained deaths, fork servers still the same processes, and after every sandbox is deleted
// and the servers stopped, no process of the sandbox uid, no engine cgroup and no mount left.
// Usage: dotnet run -c Release --project bench/Sandcastle.Soak -- [operations=2000] [concurrency=8]
var operations = args.Length > 0 ? int.Parse(args[0]) : 2000;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 8;
var cliDll = LocateCli();
var soakRoot = Directory.CreateTempSubdirectory("sandcastle-soak-").FullName;
using var swap = new SymlinkSwapAttack();
var load = File.ReadAllText("/proc/loadavg").Trim();
Console.WriteLine($"soak: {operations} operations, {concurrency} at once, 2 servers x 2 tenants; load {load}");

var clock = Stopwatch.StartNew();
var servers = await Task.WhenAll(SoakServer.StartAsync("one", cliDll, soakRoot), SoakServer.StartAsync("two", cliDll, soakRoot));
var serverPids = servers.Select(s => s.Pid).ToList();
var mix = new SoakOperations(swap);
// Each server's second tenant is the attacker.
var tenants = servers.SelectMany(s => s.Tenants.Select((t, i) => (Tenant: t, Attacker: i == 1))).ToList();
foreach (var (tenant, attacker) in tenants)
    await mix.PrepareAsync(tenant, attacker);
var forkServers = servers.ToDictionary(s => s.Name, s => s.ForkServerPid());
Console.WriteLine($"servers up in {clock.Elapsed.TotalSeconds:F1} s (pids {string.Join(", ", serverPids)}; fork servers {string.Join(", ", forkServers.Values)})");

clock.Restart();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    for (var number = Interlocked.Increment(ref next); number < operations; number = Interlocked.Increment(ref next))
    {
        var (tenant, attacker) = tenants[number % tenants.Count];
        await mix.RunAsync(number, tenant, attacker);
        if (number % 250 == 0)
            Console.WriteLine($"  {number} operations, {clock.Elapsed.TotalSeconds:F0} s, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
})));
var elapsed = clock.Elapsed;
var forkServersAfter = servers.ToDictionary(s => s.Name, s => s.ForkServerPid());
var serversDied = servers.Where(s => s.HasExited).Select(s => s.Name).ToList();

// Delete everything, stop the servers, and look for what they left.
foreach (var (tenant, _) in tenants)
{
    foreach (var id in await tenant.ListSandboxesAsync())
        await tenant.DeleteSandboxAsync(id);
}
await Task.WhenAll(servers.Select(s => s.StopAsync()));
var processes = await LeakChecks.WaitForNoneAsync(LeakChecks.SandboxProcesses, TimeSpan.FromSeconds(20));
var cgroups = await LeakChecks.WaitForNoneAsync(() => LeakChecks.EngineCgroups(serverPids), TimeSpan.FromSeconds(20));
var mounts = await LeakChecks.WaitForNoneAsync(() => LeakChecks.Mounts(soakRoot), TimeSpan.FromSeconds(20));
var hostDirectoryIntact = swap.RemainingVictimFiles == SymlinkSwapAttack.VictimFiles;

Console.WriteLine();
Console.WriteLine($"{operations} operations in {elapsed.TotalSeconds:F1} s ({operations / elapsed.TotalSeconds:F1}/s); load now {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var (kind, count) in mix.Counts.Where(c => c.Key != "unexplained").OrderBy(c => c.Key, StringComparer.Ordinal))
    Console.WriteLine($"  {kind,-14} {count,6}");
var forkServersKept = forkServers.All(f => f.Value is not null && forkServersAfter[f.Key] == f.Value);
Console.WriteLine($"unexplained deaths      {mix.Unexplained.Count}");
foreach (var line in mix.Unexplained.Take(10))
    Console.WriteLine($"  {line}");
Console.WriteLine($"servers died            {serversDied.Count}");
Console.WriteLine($"fork servers unchanged  {(forkServersKept ? "yes" : "no")} ({string.Join(", ", forkServers.Select(f => $"{f.Key}: {f.Value} -> {forkServersAfter[f.Key]}"))})");
Console.WriteLine($"host directory intact   {(hostDirectoryIntact ? "yes" : "no")} (destroy races)");
Console.WriteLine($"leaked processes        {processes.Count}");
Console.WriteLine($"leaked cgroups          {cgroups.Count}");
Console.WriteLine($"leaked mounts           {mounts.Count}");
foreach (var leak in processes.Concat(cgroups).Concat(mounts).Take(10))
    Console.WriteLine($"  {leak}");
var passed = mix.Unexplained.Count == 0 && serversDied.Count == 0 && forkServersKept && hostDirectoryIntact
    && processes.Count == 0 && cgroups.Count == 0 && mounts.Count == 0;
Console.WriteLine($"verdict: {(passed ? "PASS" : "FAIL")}");
if (!passed && serversDied.Count > 0)
    Console.WriteLine(string.Join("\n", servers.Where(s => serversDied.Contains(s.Name)).Select(s => s.Log[^Math.Min(s.Log.Length, 4000)..])));
foreach (var server in servers)
    await server.DisposeAsync();
try
{
    Directory.Delete(soakRoot, recursive: true);
}
catch (IOException)
{
}
return passed ? 0 : 1;

static string LocateCli()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Sandcastle.slnx")))
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
            var dll = Path.Combine(directory.FullName, "src", "Sandcastle.Cli", "bin", configuration, "net10.0", "sandcastle.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Sandcastle.Cli first.", dll);
        }
    }
    throw new DirectoryNotFoundException("Sandcastle.slnx not found above the soak's output.");
}
