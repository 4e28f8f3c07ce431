namespace Sandcastle.Sessions.Sandboxes;

/// <summary>The durable description of a sandbox; its files live in the workspace, not here.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxMetadata")]
public sealed record SandboxMetadata
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Tenant { get; init; }
    [Id(2)] public required string WorkspaceId { get; init; }
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset LastUsedAt { get; init; }
    [Id(5)] public SandboxLimitOverrides Limits { get; init; } = SandboxLimitOverrides.None;
    [Id(6)] public Dictionary<string, string> Environment { get; init; } = [];
    [Id(7)] public Dictionary<string, string> Labels { get; init; } = [];
    [Id(8)] public TimeSpan SleepAfter { get; init; }

    /// <summary>Code contexts and shell sessions that were alive when the sandbox last went to sleep, and are gone.</summary>
    [Id(9)] public List<string> LostOnSleep { get; init; } = [];

    /// <summary>Where its code may connect through the egress proxy (empty: nowhere).</summary>
    [Id(10)] public List<string> NetworkAllow { get; init; } = [];
}
