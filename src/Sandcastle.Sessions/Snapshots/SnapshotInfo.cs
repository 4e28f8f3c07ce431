namespace Sandcastle.Sessions.Snapshots;

/// <summary>A stored snapshot of one sandbox's workspace.</summary>
/// <param name="Size">Bytes of the compressed archive.</param>
[GenerateSerializer, Alias("Sandcastle.SnapshotInfo")]
public sealed record SnapshotInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string SandboxId,
    [property: Id(2)] long Size,
    [property: Id(3)] DateTimeOffset CreatedAt);
