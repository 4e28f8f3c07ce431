using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Cluster.Tests.Infrastructure;

namespace Sandcastle.Cluster.Tests;

/// <summary>
/// Preview URLs need the owner's namespaces: a port opened through any node is opened on the owner, and its URL
/// works through every node (a load balancer may send the browser anywhere).
/// </summary>
public sealed class PreviewForwardingTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PortOpenedThroughAnyNode_ItsUrlWorksThroughEveryNode()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var owner = cluster.Named(await Sandboxes.CreateAsync(cluster.Nodes[0], "previewed"));
        var others = cluster.Nodes.Where(n => n != owner).ToList();
        await Sandboxes.WriteFileAsync(others[0], "previewed", "site/index.html", "hello from the owner's namespace");
        using var started = await others[0].Http.PostAsJsonAsync("/v1/sandboxes/previewed/processes",
            new { command = "cd site && exec python3 -m http.server 8000 --bind 127.0.0.1", processId = "web" }, Cancel);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));

        using var opened = await others[1].Http.PostAsJsonAsync("/v1/sandboxes/previewed/ports", new { port = 8000 }, Cancel);
        var body = await opened.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var path = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("pathUrl").GetString()!, UriKind.RelativeOrAbsolute);
        var relative = path.IsAbsoluteUri ? path.PathAndQuery : path.OriginalString;

        foreach (var node in cluster.Nodes)
        {
            string? page = null;
            // The server inside needs a moment to listen: bounded wait for the first answer.
            Assert.True(await Sandboxes.EventuallyAsync(async () =>
            {
                using var response = await node.Http.GetAsync(relative, Cancel);
                page = await response.Content.ReadAsStringAsync(Cancel);
                return response.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30)), $"preview through {node.Name}: {page}");
            Assert.Contains("hello from the owner's namespace", page);
        }
        // Listed on the owner, through any node.
        var listed = await others[0].Http.GetStringAsync("/v1/sandboxes/previewed/ports", Cancel);
        Assert.Contains("8000", listed);
    }
}
