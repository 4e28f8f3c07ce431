using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Sandcastle.Cluster.Tests.Infrastructure;

namespace Sandcastle.Cluster.Tests;

/// <summary>
/// GET /v1/stats through any node covers the whole cluster: a sandbox awake on another node shows its processes and
/// memory, a background process running there and an exec another node answered are listed; a node that does not
/// give its part is named, not waited for, and the dashboard says so.
/// </summary>
public sealed class ClusterStatsTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stats_ThroughAnyNode_ShowWhatRunsAndRanOnTheOthers()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var owner = await Sandboxes.CreateAsync(cluster.Nodes[0], "stats-everywhere");
        var (execNode, statsNode) = cluster.Nodes.Where(n => n.Name != owner).ToArray() switch { var o => (o[0], o[1]) };
        try
        {
            using var started = await execNode.Http.PostAsJsonAsync("/v1/sandboxes/stats-everywhere/processes",
                new { command = "sleep 60", processId = "sleeper" }, Cancel);
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));
            await Sandboxes.ExecAsync(execNode, "stats-everywhere", "echo answered-by-another-node");

            // Neither the sandbox's node nor the node that answered the exec.
            using var stats = JsonDocument.Parse(await statsNode.Http.GetStringAsync("/v1/stats", Cancel));
            var root = stats.RootElement;
            var row = root.GetProperty("sandboxes").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "stats-everywhere");

            Assert.Equal("active", row.GetProperty("state").GetString());
            Assert.True(row.GetProperty("runningProcesses").GetInt32() >= 1, row.ToString());
            Assert.True(row.GetProperty("memoryBytes").ValueKind == JsonValueKind.Number, row.ToString());
            Assert.Contains(root.GetProperty("runningExecutions").EnumerateArray(),
                e => e.GetProperty("kind").GetString() == "process" && e.GetProperty("command").GetString() == "sleep 60");
            Assert.Contains(root.GetProperty("recentExecutions").EnumerateArray(),
                e => e.GetProperty("command").GetString() == "echo answered-by-another-node" && e.GetProperty("sandboxId").GetString() == "stats-everywhere");
            Assert.False(root.GetProperty("cluster").TryGetProperty("unanswered", out _), root.GetProperty("cluster").ToString());
        }
        finally
        {
            using var deleted = await cluster.Nodes[0].Http.DeleteAsync("/v1/sandboxes/stats-everywhere", Cancel);
        }
    }

    [Fact]
    public async Task Stats_WithANodeNotAnswering_AnswerWithoutIt_AndNameIt()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var asked = cluster.Nodes[0];
        // A fourth node, a healthy member of the cluster, whose advertised HTTP address takes connections and never
        // answers (the kernel completes them on the listener's backlog): its part of the stats never comes.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var mute = cluster.NewNode("node4", cluster.CertificatePath, new Dictionary<string, string>
        {
            ["Cluster__HttpAddress"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
        });
        mute.Start();
        try
        {
            await mute.WaitReadyAsync(4, Cancel);
            await asked.WaitReadyAsync(4, Cancel);

            var clock = Stopwatch.StartNew();
            var dashboard = ClusterFixture.RunCliAsync(["monitor", "--server", asked.Http.BaseAddress!.ToString(), "--once"], Cancel);
            using var response = await asked.Http.GetAsync("/v1/stats", Cancel);
            var elapsed = clock.Elapsed;
            var body = await response.Content.ReadAsStringAsync(Cancel);
            var monitor = await dashboard;

            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var stats = JsonDocument.Parse(body);
            var view = stats.RootElement.GetProperty("cluster");
            Assert.Contains("node4", view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
            Assert.Equal(["node4"], view.GetProperty("unanswered").EnumerateArray().Select(n => n.GetString()));
            // Waited for no longer than a peer is given (3 s), with room for a busy machine; never for the silent node's own timeout.
            Assert.True(elapsed < TimeSpan.FromSeconds(10), $"answered after {elapsed.TotalSeconds:F1} s");
            Assert.True(monitor.ExitCode == 0, $"exit {monitor.ExitCode}: {monitor.Output}");
            Assert.Contains("Nodes not answering: node4 (their part is missing).", monitor.Output);
        }
        finally
        {
            // Leaves the cluster as a node does (no death to detect), so the next test finds three nodes at once.
            if (mute.Running && !await DrainAsync(mute))
                await mute.KillAsync();
            foreach (var node in cluster.Nodes)
                await node.WaitReadyAsync(cluster.Nodes.Count, Cancel);
        }
    }

    private static async Task<bool> DrainAsync(ClusterNode node)
    {
        try
        {
            using var drain = await node.Http.PostAsync("/v1/node/drain", null, Cancel);
            return drain.IsSuccessStatusCode && await node.WaitForExitAsync(TimeSpan.FromSeconds(60), Cancel) == 0;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !Cancel.IsCancellationRequested))
        {
            return false;
        }
    }
}
