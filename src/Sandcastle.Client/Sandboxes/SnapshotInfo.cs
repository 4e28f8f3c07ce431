namespace Sandcastle.Client.Sandboxes;

/// <summary>A snapshot of a sandbox's workspace; <see cref="Size"/> is the compressed archive's bytes.</summary>
public sealed record SnapshotInfo(string Id, string SandboxId, long Size, DateTimeOffset CreatedAt);

internal sealed record SnapshotListBody(IReadOnlyList<SnapshotInfo> Snapshots);
