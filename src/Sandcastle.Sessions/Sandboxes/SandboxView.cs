namespace Sandcastle.Sessions.Sandboxes;

/// <summary>A sandbox as callers see it: its metadata, what runs in it now, and (in a cluster) the node it is awake on.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxView")]
public sealed record SandboxView(
    [property: Id(0)] SandboxMetadata Metadata,
    [property: Id(1)] int RunningProcesses,
    [property: Id(2)] bool Created,
    [property: Id(3)] string? Node = null);
