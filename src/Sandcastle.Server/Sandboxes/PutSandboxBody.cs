using System.Text.Json;
using System.Text.Json.Serialization;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Body of <c>PUT /v1/sandboxes/{id}</c>; every member optional. sleepAfter: seconds, or "90s", "10m", "2h".
/// fromSnapshot: create the (new) sandbox with a snapshot's files.
/// Unknown fields and unknown limit names are refused: ignoring a misspelt limit would silently drop it.
/// network: <c>{"allow": [...]}</c>, where its code may connect (an empty list: nowhere).
/// </summary>
public sealed record PutSandboxBody(
    JsonElement? Limits,
    Dictionary<string, string>? Env,
    Dictionary<string, string>? Labels,
    JsonElement? SleepAfter,
    string? FromSnapshot = null,
    NetworkBody? Network = null)
{
    private static readonly string[] Fields = ["limits", "env", "labels", "sleepAfter", "network", "fromSnapshot"];

    /// <summary>Fields the body has that this API does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    public SandboxSettings ToSettings()
    {
        if (Unknown is { Count: > 0 })
            throw BadRequest($"unknown field '{Unknown.Keys.First()}': a sandbox takes {string.Join(", ", Fields)}.");
        return new()
        {
            Limits = Limits is { } limits ? ParseLimits(limits) : null,
            Environment = Env,
            Labels = Labels,
            SleepAfter = SleepAfter is { } value ? Durations.Parse(value, "sleepAfter") : null,
            NetworkAllow = Network is null ? null : Network.Allow ?? [],
        };
    }

    private static SandboxLimitOverrides? ParseLimits(JsonElement limits)
    {
        if (limits.ValueKind == JsonValueKind.Null)
            return null;
        if (limits.ValueKind != JsonValueKind.Object)
            throw BadRequest($"'limits' must be an object with any of {string.Join(", ", SandboxLimitOverrides.Names)}.");
        var overrides = new SandboxLimitOverrides();
        foreach (var limit in limits.EnumerateObject())
        {
            overrides = limit.Name switch
            {
                "timeoutMs" => overrides with { TimeoutMs = Whole(limit) },
                // A duration with a unit reads as people write it ("30s"); timeoutMs stays for the seed's clients.
                "timeout" => overrides with { TimeoutMs = (long)Durations.Parse(limit.Value, "limits.timeout").TotalMilliseconds },
                "memoryBytes" => overrides with { MemoryBytes = Whole(limit) },
                "maxProcesses" => overrides with { MaxProcesses = (int)Math.Clamp(Whole(limit), int.MinValue, int.MaxValue) },
                "cpuCores" => overrides with { CpuCores = limit.Value.ValueKind == JsonValueKind.Number ? limit.Value.GetDouble() : throw NotANumber(limit) },
                "maxOutputBytes" => overrides with { MaxOutputBytes = Whole(limit) },
                "workspaceQuotaBytes" => overrides with { WorkspaceQuotaBytes = Whole(limit) },
                _ => throw BadRequest($"unknown limit '{limit.Name}': limits are {string.Join(", ", SandboxLimitOverrides.Names)} (or timeout as a duration such as \"30s\")."),
            };
        }
        return overrides;
    }

    private static long Whole(JsonProperty limit) =>
        limit.Value.ValueKind == JsonValueKind.Number && limit.Value.TryGetInt64(out var value) ? value : throw NotANumber(limit);

    private static SandboxRequestException NotANumber(JsonProperty limit) =>
        BadRequest($"limit '{limit.Name}' must be a number{(limit.Name == "cpuCores" ? "" : " (a whole one)")}, not {limit.Value.GetRawText()}.");

    private static SandboxRequestException BadRequest(string message) => new(SandboxErrorKind.BadRequest, message);
}
