using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Benchmarks.Cluster;

// A 3-node cluster against one node, on this machine: (1) what a request costs on a node that does not hold the
// sandbox (a grain call routed by Orleans; a file read forwarded over HTTP) against the owner node itself;
// (2) sandboxes created per second through three nodes against a single (non-cluster) node.
// Usage: dotnet run -c Release [requests] [sandboxes]
var requests = args.Length > 0 ? int.Parse(args[0]) : 300;
var creates = args.Length > 1 ? int.Parse(args[1]) : 60;
var dll = Path.Combine(RepositoryRoot(), "src", "Sandcastle.Cli", "bin", "Release", "net10.0", "sandcastle.dll");
var root = Directory.CreateTempSubdirectory("sandcastle-bench-cluster-").FullName;
File.SetUnixFileMode(root, (UnixFileMode)0b111_001_001);
var redisPort = Sandcastle.Testing.FreePort.Next();
using var redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })!;
var nodes = new List<Node>();
Node? single = null;
try
{
    var certificate = Path.Combine(root, "silo.pfx");
    Process.Start("dotnet", [dll, "cluster", "cert", "--out", certificate])!.WaitForExit();
    var environment = new Dictionary<string, string>
    {
        ["Sessions__Tls__CertificatePath"] = certificate,
        ["Snapshots__Directory"] = Directory.CreateDirectory(Path.Combine(root, "snapshots")).FullName,
        ["Cluster__AdvertiseAddress"] = "127.0.0.1",
        ["Tenancy__MaxConcurrentExecutions"] = "64",
    };
    foreach (var name in new[] { "node1", "node2", "node3" })
        nodes.Add(Node.Start(name, root, dll, ["--cluster", $"redis://127.0.0.1:{redisPort}", "--node", name], environment));
    single = Node.Start("single", root, dll, [], new Dictionary<string, string> { ["Tenancy__MaxConcurrentExecutions"] = "64" });
    foreach (var node in nodes)
        await node.WaitReadyAsync(3);
    await single.WaitReadyAsync(0);

    Console.WriteLine($"{Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
    // (1) The same requests through the owner and through a node that is not.
    await Put(nodes[0], "bench-owner");
    var ownerName = JsonDocument.Parse(await nodes[0].Http.GetStringAsync("/v1/sandboxes/bench-owner")).RootElement.GetProperty("node").GetString();
    var owner = nodes.Single(n => n.Name == ownerName);
    var other = nodes.First(n => n != owner);
    await owner.Http.PutAsJsonAsync("/v1/sandboxes/bench-owner/files/probe.txt", new { content = "x" });
    Console.WriteLine($"requests through the owner ({owner.Name}) and through another node ({other.Name}), {requests} each, sequential, interleaved:");
    Console.WriteLine($"{"request",-34} | {"owner p50",9} | {"other p50",9} | {"extra p50",9} | {"owner p95",9} | {"other p95",9}");
    foreach (var (label, path) in new[] { ("GET sandbox (grain call)", "/v1/sandboxes/bench-owner"), ("GET file (forwarded to owner)", "/v1/sandboxes/bench-owner/files/probe.txt") })
    {
        var viaOwner = new List<double>();
        var viaOther = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            await Time(owner, path);
            await Time(other, path);
        }
        for (var i = 0; i < requests; i++)
        {
            viaOwner.Add(await Time(owner, path));
            viaOther.Add(await Time(other, path));
        }
        viaOwner.Sort();
        viaOther.Sort();
        Console.WriteLine($"{label,-34} | {P(viaOwner, 50),9:0.00} | {P(viaOther, 50),9:0.00} | {P(viaOther, 50) - P(viaOwner, 50),9:+0.00;-0.00} | {P(viaOwner, 95),9:0.00} | {P(viaOther, 95),9:0.00}");
    }
    Console.WriteLine($"load average: {LoadAverage()}");

    // (2) Creating sandboxes (PUT, then a first exec) at concurrency 6: round robin over three nodes vs one node.
    Console.WriteLine($"{creates} sandboxes created (PUT + first exec `true`), concurrency 6:");
    foreach (var (label, targets, prefix) in new[] { ("one node (SQLite)", new List<Node> { single }, "one"), ("three nodes (Redis)", nodes, "three") })
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < creates)
            {
                var node = targets[i % targets.Count];
                await Put(node, $"{prefix}-{i}");
                using var exec = await node.Http.PostAsJsonAsync($"/v1/sandboxes/{prefix}-{i}/exec", new { command = "true" });
                exec.EnsureSuccessStatusCode();
            }
        }));
        Console.WriteLine($"  {label,-20} {creates / clock.Elapsed.TotalSeconds,6:0.0} sandboxes/s   (load average {LoadAverage()})");
    }
}
finally
{
    foreach (var node in nodes)
        await node.DisposeAsync();
    if (single is not null)
        await single.DisposeAsync();
    redis.Kill();
    // Nodes killed outright leave their named sandboxes' workspace volumes mounted.
    Sandcastle.Testing.LeftoverMounts.DetachUnder(root);
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

static async Task Put(Node node, string id)
{
    using var response = await node.Http.PutAsJsonAsync($"/v1/sandboxes/{id}", new { });
    response.EnsureSuccessStatusCode();
}

static async Task<double> Time(Node node, string path)
{
    var clock = Stopwatch.StartNew();
    using var response = await node.Http.GetAsync(path);
    await response.Content.ReadAsByteArrayAsync();
    response.EnsureSuccessStatusCode();
    return clock.Elapsed.TotalMilliseconds;
}

static double P(List<double> sorted, int percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Sandcastle.slnx")))
            return directory.FullName;
    }
    throw new DirectoryNotFoundException("Sandcastle.slnx not found");
}
