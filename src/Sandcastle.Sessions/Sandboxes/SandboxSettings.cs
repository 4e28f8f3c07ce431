namespace Sandcastle.Sessions.Sandboxes;

/// <summary>What a create (or update) asks for; null members keep what the sandbox has, or the defaults.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxSettings")]
public sealed record SandboxSettings
{
    [Id(0)] public SandboxLimitOverrides? Limits { get; init; }
    [Id(1)] public Dictionary<string, string>? Environment { get; init; }
    [Id(2)] public Dictionary<string, string>? Labels { get; init; }
    [Id(3)] public TimeSpan? SleepAfter { get; init; }

    /// <summary>The network allow-list (empty: no network); null keeps the sandbox's, or the server's default.</summary>
    [Id(4)] public List<string>? NetworkAllow { get; init; }
}
