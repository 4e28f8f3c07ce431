using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

/// <summary>
/// Snapshots of the sandbox's workspace (files only: processes and contexts are not kept). A fork is a new sandbox
/// made from one: <see cref="SandcastleClient.ForkSandboxAsync"/>.
/// </summary>
public sealed partial class Sandbox
{
    public Task<SnapshotInfo> CreateSnapshotAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync<SnapshotInfo>(HttpMethod.Post, Path("/snapshots"), null, cancellationToken);

    /// <summary>The sandbox's snapshots, newest first.</summary>
    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<SnapshotListBody>(HttpMethod.Get, Path("/snapshots"), null, cancellationToken)).Snapshots;

    /// <summary>Replaces the workspace's files with the snapshot's.</summary>
    public Task<SnapshotInfo> RestoreSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<SnapshotInfo>(HttpMethod.Post, Path($"/snapshots/{SandcastleConnection.Segment(snapshotId)}/restore"), null, cancellationToken);

    public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, Path($"/snapshots/{SandcastleConnection.Segment(snapshotId)}"), null, cancellationToken);
}
