using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Server.Sandboxes;

/// <summary>A snapshot as the API shows it; size is the compressed archive's bytes.</summary>
public sealed record SnapshotResponse(string Id, string SandboxId, long Size, DateTimeOffset CreatedAt)
{
    public static SnapshotResponse From(SnapshotInfo snapshot) => new(snapshot.Id, snapshot.SandboxId, snapshot.Size, snapshot.CreatedAt);
}

public sealed record SnapshotList(IReadOnlyList<SnapshotResponse> Snapshots);
