using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sandcastle.Cluster.Tests.Infrastructure;
using Sandcastle.Sessions.Cluster;

namespace Sandcastle.Cluster.Tests;

/// <summary>No two nodes ever run one sandbox: racing activations agree on one owner, and the claim itself is atomic.</summary>
public sealed class OwnershipTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeNodesRacingToCreateAndUseOneSandbox_OneWins()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var puts = cluster.Nodes.Select(n => n.Http.PutAsJsonAsync("/v1/sandboxes/contested", new { }, Cancel)).ToList();
        var responses = await Task.WhenAll(puts);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Cancel)));
        var execs = await Task.WhenAll(cluster.Nodes.Select(n => n.Http.PostAsJsonAsync("/v1/sandboxes/contested/exec", new { command = "echo $$ >> pids.txt; cat pids.txt | wc -l" }, Cancel)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var owners = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("node").GetString()).Distinct().ToList();
        Assert.Single(owners);
        Assert.All(execs, e => Assert.Equal(HttpStatusCode.OK, e.StatusCode));
        // Three execs appended to one file on one disk.
        var (_, pids) = await Sandboxes.ReadFileAsync(cluster.Nodes[0], "contested", "pids.txt");
        Assert.Equal(3, pids.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(owners, cluster.Nodes.Where(n => n.HoldsWorkspace("contested")).Select(n => (string?)n.Name));
    }

    [Fact]
    public async Task OwnerClaim_IsACompareAndSet_OneOfManyConcurrentClaimersWins()
    {
        using var redis = new ClusterRedis(Options.Create(new SandcastleClusterOptions { Redis = cluster.Redis.Url }));
        var ownership = new SandboxOwnership(redis);
        var dead = new SandboxOwner("old-node", "127.0.0.1:1@1");
        Assert.True(await ownership.TryClaimAsync("race/one", null, dead));

        // Ten nodes saw the same dead owner and all try to take over at once.
        var claims = Enumerable.Range(0, 10).Select(i => new SandboxOwner($"node-{i}", $"127.0.0.1:{1000 + i}@2")).ToList();
        var results = await Task.WhenAll(claims.Select(c => ownership.TryClaimAsync("race/one", dead, c)));
        var winner = await ownership.ReadAsync("race/one");

        Assert.Single(results, won => won);
        Assert.Equal(claims[Array.IndexOf(results, true)], winner);
        // A claim from a stale view (no owner) fails too.
        Assert.False(await ownership.TryClaimAsync("race/one", null, new SandboxOwner("late", "127.0.0.1:9@3")));
    }
}
