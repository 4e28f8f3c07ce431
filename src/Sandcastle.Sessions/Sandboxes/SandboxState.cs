namespace Sandcastle.Sessions.Sandboxes;

/// <summary>The persisted state of a sandbox grain: no metadata means no such sandbox.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxState")]
public sealed record SandboxState
{
    [Id(0)] public SandboxMetadata? Metadata { get; init; }

    /// <summary>In a cluster: the latest automatic snapshot, which another node restores if this sandbox's node dies.</summary>
    [Id(1)] public string? FailoverSnapshot { get; init; }
}
