using System.Globalization;

namespace Sandcastle.Sandbox.Cgroups;

/// <summary>
/// Names of engines' cgroup directories: <c>engine-&lt;pid&gt;-&lt;start&gt;-&lt;n&gt;</c>, with the start time of the
/// engine's process (so a reused pid is not taken for the engine that died) and the engine's number in it (a test
/// process runs many engines). From a name alone anyone can tell whether its engine's process still lives.
/// </summary>
internal static class EngineCgroupNames
{
    public const string Prefix = "engine-";
    private static int _lastNumber;

    /// <summary>A new name for an engine of this process.</summary>
    public static string ForNewEngine()
    {
        var pid = Environment.ProcessId;
        var start = StartTime(pid) ?? 0;
        return FormattableString.Invariant($"{Prefix}{pid}-{start}-{Interlocked.Increment(ref _lastNumber)}");
    }

    /// <summary>Whether the name is an engine's whose process has ended (false for anything not an engine's name).</summary>
    public static bool IsOfEndedProcess(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var parts = name[Prefix.Length..].Split('-');
        if (parts.Length != 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var start) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out _))
            return false;
        return StartTime(pid) != start;
    }

    /// <summary>When the process started, in clock ticks since boot (field 22 of /proc/pid/stat); null when there is no such process.</summary>
    private static long? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.TryParse(fields[19], CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
