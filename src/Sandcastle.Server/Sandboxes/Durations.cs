using System.Globalization;
using System.Text.Json;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Durations as clients write them: a number of seconds, or a string with a unit (ms, s, m, h, d).</summary>
internal static class Durations
{
    public static TimeSpan Parse(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is > 0 and < 1e9)
            return TimeSpan.FromSeconds(seconds);
        if (value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out var parsed))
            return parsed;
        throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"'{name}' must be seconds or a duration such as \"30s\", \"10m\" or \"2h\".");
    }

    private static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.Trim();
        var unit = trimmed.EndsWith("ms", StringComparison.Ordinal) ? "ms" : trimmed.Length > 0 ? trimmed[^1..] : "";
        var number = unit is "ms" or "s" or "m" or "h" or "d" ? trimmed[..^unit.Length] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 1e9)
            return false;
        duration = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
        return true;
    }
}
