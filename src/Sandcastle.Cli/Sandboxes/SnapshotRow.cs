namespace Sandcastle.Cli.Sandboxes;

/// <summary>A snapshot as listed; size is the compressed archive's bytes.</summary>
public sealed record SnapshotRow(string Id, string SandboxId, long Size, DateTimeOffset CreatedAt);
