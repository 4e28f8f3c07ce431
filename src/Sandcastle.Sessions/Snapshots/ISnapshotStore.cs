namespace Sandcastle.Sessions.Snapshots;

/// <summary>
/// Keeps snapshot archives and their descriptions per tenant. Ids are unique within a tenant (not per sandbox), so
/// a snapshot outlives its sandbox and can seed others.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Stores an archive written by <paramref name="writeArchive"/>; returns the snapshot with its size.</summary>
    Task<SnapshotInfo> SaveAsync(string tenant, SnapshotInfo snapshot, Func<Stream, CancellationToken, Task> writeArchive, CancellationToken cancellationToken);

    Task<SnapshotInfo?> GetAsync(string tenant, string snapshotId, CancellationToken cancellationToken);

    /// <summary>The archive, or null when there is no such snapshot. The caller disposes it.</summary>
    Task<Stream?> OpenReadAsync(string tenant, string snapshotId, CancellationToken cancellationToken);

    /// <summary>A sandbox's snapshots, newest first.</summary>
    Task<List<SnapshotInfo>> ListAsync(string tenant, string sandboxId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string tenant, string snapshotId, CancellationToken cancellationToken);
}
