using System.Text.Json;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Durations as clients write them: a number of seconds, or a string with a unit (ms, s, m, h, d).</summary>
internal static class Durations
{
    public static TimeSpan Parse(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is > 0 and < 1e9)
            return TimeSpan.FromSeconds(seconds);
        if (value.ValueKind == JsonValueKind.String && DurationText.TryParse(value.GetString(), out var parsed))
            return parsed;
        throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"'{name}' must be {DurationText.Examples}.");
    }
}
