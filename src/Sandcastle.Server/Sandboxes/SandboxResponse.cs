using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>A sandbox on the wire. Environment values are write-only (they often hold secrets): only names are shown.</summary>
public sealed record SandboxResponse(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    double SleepAfter,
    SandboxLimitOverrides Limits,
    IReadOnlyList<string> Env,
    IReadOnlyDictionary<string, string> Labels,
    int? RunningProcesses,
    NetworkBody Network,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Node = null)
{
    public static SandboxResponse From(SandboxMetadata metadata, int? runningProcesses) => new(
        metadata.Id,
        metadata.CreatedAt,
        metadata.LastUsedAt,
        metadata.SleepAfter.TotalSeconds,
        metadata.Limits,
        [.. metadata.Environment.Keys.Order(StringComparer.Ordinal)],
        metadata.Labels,
        runningProcesses,
        new NetworkBody(metadata.NetworkAllow));

    public static SandboxResponse From(SandboxView view) => From(view.Metadata, view.RunningProcesses) with { Node = view.Node };
}
