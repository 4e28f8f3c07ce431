using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Sandcastle.Cluster.Tests.Infrastructure;

namespace Sandcastle.Cluster.Tests;

/// <summary>
/// A node's death and a node's drain: its sandboxes come back on the other nodes with their files, from the
/// failover snapshots in the shared store.
/// </summary>
public sealed class FailoverTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledOwner_NextCallThroughAnotherNodeRestoresTheSandboxWithItsFiles()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var ownerName = await Sandboxes.CreateAsync(cluster.Nodes[0], "survivor");
        var owner = cluster.Named(ownerName);
        var other = cluster.Nodes.First(n => n != owner);
        await Sandboxes.WriteFileAsync(other, "survivor", "data.txt", "kept across a kill -9");
        var written = DateTimeOffset.UtcNow;
        // Loss is bounded by the snapshot interval: wait (bounded) until a snapshot taken after the write exists.
        Assert.True(await Sandboxes.EventuallyAsync(() => Sandboxes.HasFailoverSnapshotAfterAsync(other, "survivor", written), TimeSpan.FromSeconds(30)),
            "a failover snapshot follows the write within the interval");

        await owner.KillAsync();
        var clock = Stopwatch.StartNew();
        // The node retries across the death itself (a read is idempotent): the caller just sees the answer.
        var (status, body) = await Sandboxes.ReadFileAsync(other, "survivor", "data.txt");
        var recovered = clock.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"kill -9 of {ownerName}: the sandbox answered again after {recovered.TotalSeconds:F2} s");
        var exec = await Sandboxes.ExecAsync(other, "survivor", "cat data.txt");
        var newOwner = await Sandboxes.NodeOfAsync(other, "survivor");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("kept across a kill -9", body);
        Assert.Equal("kept across a kill -9", exec.GetProperty("stdout").GetString());
        Assert.NotEqual(ownerName, newOwner);
        Assert.True(recovered < TimeSpan.FromSeconds(10), $"service came back after {recovered.TotalSeconds:F1} s (target: 10 s)");
    }

    [Fact]
    public async Task InFlightCallOnAKilledNode_Fails503WithRetryAfter_OrSucceeds()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var ownerName = await Sandboxes.CreateAsync(cluster.Nodes[1], "inflight");
        var owner = cluster.Named(ownerName);
        var other = cluster.Nodes.First(n => n != owner);
        var running = other.Http.PostAsJsonAsync("/v1/sandboxes/inflight/exec", new { command = "echo yes > started.txt; sleep 30; echo done" }, Cancel);
        Assert.True(await Sandboxes.EventuallyAsync(async () => (await Sandboxes.ReadFileAsync(other, "inflight", "started.txt")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30)), "the long exec runs");

        await owner.KillAsync();
        using var response = await running;

        // The exec (not idempotent: never re-run by the server) died with its node: 503 and when to retry.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Contains("retry", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task DrainedNode_HandsItsSandboxesOver_NothingLost()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var ids = Enumerable.Range(0, 4).Select(i => $"drain-{i}").ToList();
        foreach (var id in ids)
            await Sandboxes.CreateAsync(cluster.Nodes[2], id);
        var owners = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            // Written immediately before the drain: no snapshot interval passes, the drain itself must save it.
            await Sandboxes.WriteFileAsync(cluster.Nodes[0], id, "last.txt", $"last words of {id}");
            owners[id] = await Sandboxes.NodeOfAsync(cluster.Nodes[0], id);
        }
        var drained = cluster.Named(owners.Values.GroupBy(o => o).MaxBy(g => g.Count())!.Key);
        var moved = owners.Where(o => o.Value == drained.Name).Select(o => o.Key).ToList();
        var other = cluster.Nodes.First(n => n != drained);

        var drain = await ClusterFixture.RunCliAsync(["node", "drain", "--server", $"http://127.0.0.1:{drained.HttpPort}"], Cancel);
        var exit = await drained.WaitForExitAsync(TimeSpan.FromMinutes(2), Cancel);

        Assert.True(drain.ExitCode == 0, drain.Output);
        Assert.Equal(0, exit);
        foreach (var id in moved)
        {
            var (status, body) = await Sandboxes.ReadFileAsync(other, id, "last.txt");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal($"last words of {id}", body);
            Assert.NotEqual(drained.Name, await Sandboxes.NodeOfAsync(other, id));
            // Handed over: the drained node's disk no longer holds it.
            Assert.False(drained.HoldsWorkspace(id), $"{id} is still on {drained.Name}; its log:\n{drained.Log[^Math.Min(drained.Log.Length, 6000)..]}");
        }
    }
}
