using Sandcastle.Cluster.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cluster.Tests;

/// <summary>A node that could not fail over, or would trust differently from the others, refuses to start: one line, exit 2.</summary>
public sealed class BadClusterSettingsTests(ClusterFixture cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClusterNodeWithoutSharedCertificateOrSnapshotStore_RefusesToStart()
    {
        var data = Directory.CreateDirectory(Path.Combine(cluster.Root, "refused")).FullName;

        var (exitCode, output) = await ClusterFixture.RunCliAsync(
            ["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--cluster", cluster.Redis.Url, "--node", "refused"], Cancel,
            new Dictionary<string, string> { ["SANDCASTLE_DATA_DIR"] = data, ["HOME"] = data });

        Assert.Equal(2, exitCode);
        Assert.Contains("sandcastle cluster cert --out", output);
        Assert.Contains("Snapshots__Directory", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task ClusterCert_NeverOverwritesAnExistingFile()
    {
        var before = await File.ReadAllBytesAsync(cluster.CertificatePath, Cancel);

        var (exitCode, output) = await ClusterFixture.RunCliAsync(["cluster", "cert", "--out", cluster.CertificatePath], Cancel);

        Assert.Equal(2, exitCode);
        Assert.Contains("never overwritten", output);
        Assert.Equal(before, await File.ReadAllBytesAsync(cluster.CertificatePath, Cancel));
    }
}
