using System.Net;
using System.Net.Http.Json;
using Sandcastle.Cluster.Tests.Infrastructure;

namespace Sandcastle.Cluster.Tests;

/// <summary>
/// Nodes talk only over mutual TLS pinned to the cluster's one certificate: a node started with any other
/// certificate (everything it needs but the file) cannot join, and sandboxed code cannot read the file.
/// </summary>
public sealed class ClusterAttackTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeWithoutTheClusterCertificate_CannotJoin()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        var forged = Path.Combine(cluster.Root, "forged.pfx");
        Assert.Equal(0, (await ClusterFixture.RunCliAsync(["cluster", "cert", "--out", forged], Cancel)).ExitCode);
        await using var intruder = cluster.NewNode("intruder", forged);

        intruder.Start();
        // The intruder's silo writes itself into the membership table, but no node accepts its connections (nor it
        // theirs): it is voted dead and stops, or never finishes starting. Either way it never serves grains.
        var gone = await Sandboxes.EventuallyAsync(() => Task.FromResult(!intruder.Running), TimeSpan.FromMinutes(3));
        var seen = new List<string>();
        foreach (var node in cluster.Nodes)
            seen.AddRange(await node.LiveNodesAsync(Cancel));

        Assert.True(gone, $"the intruder kept running:\n{intruder.Log}");
        Assert.DoesNotContain("intruder", seen);
        Assert.Equal(3, cluster.Nodes.Count(n => n.Running));
        // The cluster still serves.
        await Sandboxes.CreateAsync(cluster.Nodes[0], "after-intruder");
    }

    [Fact]
    public async Task SandboxedCode_CannotReachTheCertificate()
    {
        await cluster.EnsureAllRunningAsync(Cancel);
        await Sandboxes.CreateAsync(cluster.Nodes[0], "thief");

        var exec = await Sandboxes.ExecAsync(cluster.Nodes[0], "thief", $"cat {cluster.CertificatePath} | wc -c; ls {cluster.Root} 2>&1 | head -3");

        Assert.Equal("0", exec.GetProperty("stdout").GetString()!.Split('\n')[0].Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cluster.CertificatePath));
    }
}
