using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Cluster.Tests.Infrastructure;

namespace Sandcastle.Cluster.Tests;

/// <summary>
/// Three nodes answer for one sandbox: created through node 1, a file written through node 2 (forwarded to the
/// owner's disk), exec and a code context through node 3 (grain calls Orleans routes), a process's logs streamed
/// through node 1. The files live on exactly one node's disk, and /health lists the cluster.
/// </summary>
public sealed class AnyNodeAnswersTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneSandbox_ServedThroughEveryNode()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var (node1, node2, node3) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);

        var owner = await Sandboxes.CreateAsync(node1, "everywhere");
        await Sandboxes.WriteFileAsync(node2, "everywhere", "notes/hello.txt", "written through node2");
        var exec = await Sandboxes.ExecAsync(node3, "everywhere", "cat notes/hello.txt");

        using var context = await node3.Http.PostAsJsonAsync("/v1/sandboxes/everywhere/contexts", new { language = "python" }, Cancel);
        Assert.True(context.IsSuccessStatusCode, await context.Content.ReadAsStringAsync(Cancel));
        var contextId = JsonDocument.Parse(await context.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("id").GetString();
        using var run1 = await node3.Http.PostAsJsonAsync($"/v1/sandboxes/everywhere/contexts/{contextId}/run", new { code = "x = 6 * 7" }, Cancel);
        Assert.True(run1.IsSuccessStatusCode, await run1.Content.ReadAsStringAsync(Cancel));
        // The context keeps its state between runs, whichever node the second run comes through.
        using var run2 = await node1.Http.PostAsJsonAsync($"/v1/sandboxes/everywhere/contexts/{contextId}/run", new { code = "x" }, Cancel);
        var result = await run2.Content.ReadAsStringAsync(Cancel);

        using var started = await node2.Http.PostAsJsonAsync("/v1/sandboxes/everywhere/processes",
            new { command = "for i in 1 2 3; do echo line-$i; done; cat notes/hello.txt", processId = "counter" }, Cancel);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));
        var stream = await node1.Http.GetStringAsync("/v1/sandboxes/everywhere/processes/counter/stream", Cancel);

        Assert.Equal("written through node2", exec.GetProperty("stdout").GetString());
        Assert.Contains("42", result);
        Assert.Contains("line-1", stream);
        Assert.Contains("line-3", stream);
        Assert.Contains("written through node2", stream);
        Assert.Contains("exit", stream);
        // The same owner through every node; the files on that node's disk only.
        foreach (var node in cluster.Nodes)
            Assert.Equal(owner, await Sandboxes.NodeOfAsync(node, "everywhere"));
        Assert.Equal([owner], cluster.Nodes.Where(n => n.HoldsWorkspace("everywhere")).Select(n => n.Name));
        foreach (var node in cluster.Nodes)
        {
            var (status, body) = await Sandboxes.ReadFileAsync(node, "everywhere", "notes/hello.txt");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("written through node2", body);
        }
    }

    [Fact]
    public async Task Health_ListsEveryNodeWithItsLoad()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        await Sandboxes.CreateAsync(cluster.Nodes[0], "counted");

        using var health = JsonDocument.Parse(await cluster.Nodes[1].Http.GetStringAsync("/health", Cancel));
        var view = health.RootElement.GetProperty("cluster");
        var nodes = view.GetProperty("nodes").EnumerateArray().ToList();

        Assert.Equal("node2", view.GetProperty("node").GetString());
        Assert.Equal(["node1", "node2", "node3"], nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.All(nodes, n => Assert.StartsWith("http://127.0.0.1:", n.GetProperty("httpAddress").GetString()));
        Assert.True(await Sandboxes.EventuallyAsync(async () =>
        {
            using var again = JsonDocument.Parse(await cluster.Nodes[1].Http.GetStringAsync("/health", Cancel));
            return again.RootElement.GetProperty("cluster").GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("sandboxes").GetInt32()) >= 1;
        }, TimeSpan.FromSeconds(10)), "an awake sandbox is counted on its node");
    }

    [Fact]
    public async Task NewSandboxes_SpreadOverTheNodes()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var owners = new List<string>();
        for (var i = 0; i < 6; i++)
            owners.Add(await Sandboxes.CreateAsync(cluster.Nodes[0], $"spread-{i}"));

        // Least loaded first: six new sandboxes created through one node do not all land on it.
        Assert.True(owners.Distinct().Count() >= 2, $"placed on {string.Join(", ", owners)}");
    }
}
