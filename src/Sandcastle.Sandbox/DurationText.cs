using System.Globalization;

namespace Sandcastle.Sandbox;

/// <summary>
/// Durations as people write them, one reading for the CLI, configuration and the API: a plain number of seconds,
/// or a number with a unit (<c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>).
/// </summary>
public static class DurationText
{
    public const string Examples = "a number of seconds or a duration such as 30s, 2m or 1h";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        var unit = trimmed.EndsWith("ms", StringComparison.Ordinal) ? "ms"
            : trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]) ? trimmed[^1..] : "";
        if (unit is not ("" or "ms" or "s" or "m" or "h" or "d"))
            return false;
        var number = trimmed[..^unit.Length].TrimEnd();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount <= 0)
            return false;
        var seconds = unit switch
        {
            "ms" => amount / 1000,
            "m" => amount * 60,
            "h" => amount * 3600,
            "d" => amount * 86_400,
            _ => amount,
        };
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            return false;
        duration = TimeSpan.FromSeconds(seconds);
        return duration > TimeSpan.Zero;
    }

    /// <summary>The shortest exact form: "90s", "10m", "2h", "250ms".</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { Ticks: var t } when t % TimeSpan.TicksPerDay == 0 && t > 0 => $"{duration.TotalDays:0}d",
        { Ticks: var t } when t % TimeSpan.TicksPerHour == 0 && t > 0 => $"{duration.TotalHours:0}h",
        { Ticks: var t } when t % TimeSpan.TicksPerMinute == 0 && t > 0 => $"{duration.TotalMinutes:0}m",
        { Ticks: var t } when t % TimeSpan.TicksPerSecond == 0 => $"{duration.TotalSeconds:0}s",
        _ => $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms",
    };
}
