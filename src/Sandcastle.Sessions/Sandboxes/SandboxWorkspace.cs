namespace Sandcastle.Sessions.Sandboxes;

/// <summary>Where a sandbox's files are, for host-side file operations, and how much they may hold.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxWorkspace")]
public sealed record SandboxWorkspace(
    [property: Id(0)] string WorkspaceId,
    [property: Id(1)] string Path,
    [property: Id(2)] long QuotaBytes);
