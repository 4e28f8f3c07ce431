using System.Globalization;
using System.Text;

namespace Sandcastle.Cli.Monitor;

/// <summary>Field names and values as a person reads them: "last used", "3 s ago", "48.2 MB" (not lastUsedAt, memoryBytes).</summary>
public static class HumanFields
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["id"] = "sandbox",
        ["runningProcesses"] = "procs",
        ["memoryBytes"] = "memory",
        ["lastUsedAt"] = "last used",
        ["cpuSeconds"] = "cpu",
        ["createdAt"] = "created",
        ["uptimeSeconds"] = "uptime",
        ["startedAt"] = "started",
    };

    /// <summary>A title for a field: a known one, else the camelCase name split into words.</summary>
    public static string Title(string field)
    {
        if (Titles.TryGetValue(field, out var title))
            return title;
        var text = new StringBuilder();
        foreach (var c in field.Split('.')[^1])
        {
            if (char.IsUpper(c) && text.Length > 0)
                text.Append(' ');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>The value with a unit the field's name implies (Bytes, At, Seconds, Ms); as given otherwise.</summary>
    public static string Value(string field, string value, DateTimeOffset now)
    {
        if (value is "" or "-")
            return "-";
        if (field.EndsWith("Bytes", StringComparison.Ordinal) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
            return Bytes(bytes);
        if (field.EndsWith("At", StringComparison.Ordinal) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return Ago(now - at);
        if (field.EndsWith("Seconds", StringComparison.Ordinal) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return Duration(TimeSpan.FromSeconds(seconds));
        if (field.EndsWith("Ms", StringComparison.Ordinal) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            return Duration(TimeSpan.FromMilliseconds(ms));
        return value;
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public static string Ago(TimeSpan elapsed) => elapsed < TimeSpan.Zero ? "just now" : Duration(elapsed) + " ago";

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds:0} ms",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s"),
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 86_400 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} d"),
    };
}
