namespace Sandcastle.Client.Tests;

public sealed class SnapshotClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snapshot_is_listed_restored_and_forked()
    {
        var sandbox = await _client.CreateSandboxAsync("cl-snap", cancellationToken: _ct);
        await sandbox.WriteFileAsync("state.txt", "v1", _ct);
        var snapshot = await sandbox.CreateSnapshotAsync(_ct);
        Assert.Equal("cl-snap", snapshot.SandboxId);
        Assert.True(snapshot.Size > 0);
        Assert.Contains(await sandbox.ListSnapshotsAsync(_ct), s => s.Id == snapshot.Id);

        await sandbox.WriteFileAsync("state.txt", "v2", _ct);
        var restored = await sandbox.RestoreSnapshotAsync(snapshot.Id, _ct);
        Assert.Equal(snapshot.Id, restored.Id);
        Assert.Equal("v1", await sandbox.ReadFileAsync("state.txt", _ct));

        var fork = await _client.ForkSandboxAsync(snapshot.Id, "cl-snap-fork", _ct);
        Assert.Equal("cl-snap-fork", fork.Id);
        Assert.Equal("v1", await fork.ReadFileAsync("state.txt", _ct));
        var again = await Assert.ThrowsAsync<SandcastleApiException>(() => _client.ForkSandboxAsync(snapshot.Id, "cl-snap-fork", _ct));
        Assert.Equal(409, again.StatusCode);
        var unknown = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.RestoreSnapshotAsync("snap-0000000000000000", _ct));
        Assert.Equal(404, unknown.StatusCode);

        await sandbox.DeleteSnapshotAsync(snapshot.Id, _ct);
        Assert.DoesNotContain(await sandbox.ListSnapshotsAsync(_ct), s => s.Id == snapshot.Id);
    }
}
