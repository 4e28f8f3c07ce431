using System.Text.Json;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Body of <c>PUT /v1/sandboxes/{id}</c>; every member optional. sleepAfter: seconds, or "90s", "10m", "2h".
/// network: <c>{"allow": [...]}</c>, where its code may connect (an empty list: nowhere).
/// </summary>
public sealed record PutSandboxBody(
    SandboxLimitOverrides? Limits,
    Dictionary<string, string>? Env,
    Dictionary<string, string>? Labels,
    JsonElement? SleepAfter,
    NetworkBody? Network = null)
{
    public SandboxSettings ToSettings() => new()
    {
        Limits = Limits,
        Environment = Env,
        Labels = Labels,
        SleepAfter = SleepAfter is { } value ? Durations.Parse(value, "sleepAfter") : null,
        NetworkAllow = Network is null ? null : Network.Allow ?? [],
    };
}
