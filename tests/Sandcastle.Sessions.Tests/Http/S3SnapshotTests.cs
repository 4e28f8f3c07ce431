using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>Snapshots in an S3-compatible bucket (a real s3rver on loopback), shared by two servers as cluster nodes would.</summary>
public sealed class S3SnapshotTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_taken_on_one_server_restores_and_forks_on_another_through_the_bucket()
    {
        await using var s3 = await LocalS3Server.StartAsync(_ct);
        var rootA = Directory.CreateTempSubdirectory("sandcastle-s3-node-a-").FullName;
        var rootB = Directory.CreateTempSubdirectory("sandcastle-s3-node-b-").FullName;
        try
        {
            await using var nodeA = await SandboxServer.StartAsync(rootA, s3.Settings);
            await using var nodeB = await SandboxServer.StartAsync(rootB, s3.Settings);

            await nodeA.Client.PutAsync("/v1/sandboxes/s3-origin", null, _ct);
            await nodeA.Client.PutAsync("/v1/sandboxes/s3-origin/files/data/report.txt", new StringContent("from node A"), _ct);
            var created = await nodeA.Client.PostAsync("/v1/sandboxes/s3-origin/snapshots", null, _ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var snapshot = await created.Content.ReadFromJsonAsync<JsonElement>(_ct);
            var id = snapshot.GetProperty("id").GetString()!;

            // In the bucket, not on node A's disk.
            Assert.False(Directory.Exists(Path.Combine(rootA, "snapshots")));
            Assert.Contains(Directory.EnumerateFiles(s3.Directory, "*", SearchOption.AllDirectories), f => f.Contains(id, StringComparison.Ordinal));

            var fork = await nodeB.Client.PutAsJsonAsync("/v1/sandboxes/s3-copy", new { fromSnapshot = id }, _ct);
            Assert.Equal(HttpStatusCode.Created, fork.StatusCode);
            Assert.Equal("from node A", await nodeB.Client.GetStringAsync("/v1/sandboxes/s3-copy/files/data/report.txt", _ct));

            await nodeA.Client.PutAsync("/v1/sandboxes/s3-origin/files/data/report.txt", new StringContent("changed"), _ct);
            var list = await nodeA.Client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/s3-origin/snapshots", _ct);
            var listed = Assert.Single(list.GetProperty("snapshots").EnumerateArray());
            Assert.Equal((id, snapshot.GetProperty("size").GetInt64()), (listed.GetProperty("id").GetString(), listed.GetProperty("size").GetInt64()));
            Assert.Equal(HttpStatusCode.OK, (await nodeA.Client.PostAsync($"/v1/sandboxes/s3-origin/snapshots/{id}/restore", null, _ct)).StatusCode);
            Assert.Equal("from node A", await nodeA.Client.GetStringAsync("/v1/sandboxes/s3-origin/files/data/report.txt", _ct));

            Assert.Equal(HttpStatusCode.NoContent, (await nodeA.Client.DeleteAsync($"/v1/sandboxes/s3-origin/snapshots/{id}", _ct)).StatusCode);
            await SandboxesApiTests.AssertError(await nodeB.Client.PutAsJsonAsync("/v1/sandboxes/s3-late", new { fromSnapshot = id }, _ct), HttpStatusCode.NotFound, "not_found");
        }
        finally
        {
            Directory.Delete(rootA, recursive: true);
            Directory.Delete(rootB, recursive: true);
        }
    }
}
